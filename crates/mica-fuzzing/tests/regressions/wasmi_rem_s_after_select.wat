;; Found by the differential test (seed 1, input 11778 of fuzz-driver): wasmi 2.0.0 traps with
;; "integer divide by zero" on `0 rem_s 1`, where the divisor comes from `select` over the
;; same local that is then overwritten. mica returns 7 (correct). A wasmi bug, not mica's.
(module
  (global (mut i32) i32.const 1000)
  (func (export "f") (result i32)
    (local i64 externref i32 f64 i64 i32 i32 i32 i32 i32 i32 f32 i32 i64 f32)
    loop ;; label = @1
      global.get 0
      local.set 7
      block ;; label = @2
      end
      local.get 8
      i32.const 4194304
      f32.reinterpret_i32
      i32.trunc_sat_f32_s
      local.set 9
      i32.const 1
      local.get 9
      local.get 9
      i32.eqz
      select
      local.set 9
      local.set 10
      block ;; label = @2
      end
      local.get 10
      local.get 9
      i32.rem_s
      drop
    end
    i32.const 7
  )
)