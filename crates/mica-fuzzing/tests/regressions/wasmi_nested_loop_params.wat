;; Found by cargo-fuzz (differential target, 2026-11-22). Calling "" with (244, null) leaves
;; global "2" at -2139094938 in mica (traced by hand: after the nested loops with parameters,
;; g0 = (-32 ^ 2139094918 ^ 1) ^ 1); wasmi 2.0.0 leaves 2139094919: one of the values the
;; innermost `loop (param i32) (result ...)` yields is lost (the family of
;; wasmi_loop_params_result.wat).
(module
  (type (;0;) (func (param i32) (result i32 i32 i32 f64 i32 i32 i32 i32)))
  (type (;1;) (func (param i32 externref)))
  (type (;2;) (func))
  (type (;3;) (func (param i32) (result i32 i32 i32 i32 i32 i32)))
  (table (;0;) 72 funcref)
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i32) i32.const 1000)
  (export "" (func 0))
  (export "1" (table 0))
  (export "2" (global 0))
  (export "3" (global 1))
  (export "\u{108208}" (global 2))
  (export "__mica_fuzz_fuel" (global 3))
  (func (;0;) (type 1) (param i32 externref)
    (local f64)
    global.get 3
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 3
    i32.const 1
    i32.sub
    global.set 3
    nop
    ref.null func
    f64.const -nan:0xffffffffffeff (;=NaN;)
    f64.sqrt
    local.tee 2
    f64.const nan (;=NaN;)
    local.get 2
    local.get 2
    f64.eq
    select
    i64.trunc_sat_f64_u
    i32.const 1073741823
    i64.extend_i32_u
    local.get 1
    nop
    local.set 1
    i64.ne
    local.tee 0
    local.get 1
    f32.const 0x1.fefefep+127 (;=339615140000000000000000000000000000000;)
    i32.const -32
    loop (type 0) (param i32) (result i32 i32 i32 f64 i32 i32 i32 i32) ;; label = @1
      global.get 3
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 3
      i32.const 1
      i32.sub
      global.set 3
      loop (type 2) ;; label = @2
        global.get 3
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 3
        i32.const 1
        i32.sub
        global.set 3
        ref.null func
        ref.is_null
        loop (type 0) (param i32) (result i32 i32 i32 f64 i32 i32 i32 i32) ;; label = @3
          global.get 3
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 3
          i32.const 1
          i32.sub
          global.set 3
          loop (type 0) (param i32) (result i32 i32 i32 f64 i32 i32 i32 i32) ;; label = @4
            global.get 3
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 3
            i32.const 1
            i32.sub
            global.set 3
            loop ;; label = @5
              global.get 3
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 3
              i32.const 1
              i32.sub
              global.set 3
            end
            i32.const 2139094918
            i32.const -32
            f64.const -nan:0xfffffffffffff (;=NaN;)
            i32.const -32
            i32.const -32
            i32.const -32
            i32.const -32
          end
        end
        global.get 0
        i32.xor
        global.set 0
        global.get 0
        i32.xor
        global.set 0
        global.get 0
        i32.xor
        global.set 0
        global.get 0
        i32.xor
        global.set 0
        i64.reinterpret_f64
        global.get 1
        i64.xor
        global.set 1
        global.get 0
        i32.xor
        global.set 0
        global.get 0
        i32.xor
        global.set 0
        global.get 0
        i32.xor
        global.set 0
      end
      i32.const -32
      i32.const -32
      f64.const -nan:0xfffffffffffff (;=NaN;)
      i32.const -32
      i32.const -32
      i32.const -32
      i32.const -32
    end
    drop
    drop
    drop
    drop
    drop
    drop
    drop
    drop
    i32.reinterpret_f32
    global.get 2
    i32.xor
    global.set 2
    drop
    global.get 0
    i32.xor
    global.set 0
    drop
  )
)
