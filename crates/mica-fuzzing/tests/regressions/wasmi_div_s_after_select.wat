;; Found by fuzz-driver (differential, seed 7, input 640512). The last iteration divides
;; -1049835455 by `select(1, d, d == 0)` with d = memory.size = 2: mica stores -524917727 in
;; global "2" (correct); wasmi 2.0.0 stores -1049835455, i.e. it divided by 1. Same wasmi bug as
;; wasmi_rem_s_after_select.wat (a wrong value instead of a spurious trap).
(module
  (type (;0;) (func (param i32)))
  (memory (;0;) 2 12)
  (global (;0;) (mut i32) i32.const -942441872)
  (global (;1;) i32 i32.const 361195747 i32.const -1391411419 i32.const -2073200087 i32.const -393718377 i32.const 290721997 i32.const 1674976827 i32.const -884710020 i32.const -1571423884 i32.mul i32.sub i32.const -1593362010 i32.mul i32.add i32.const -1813721360 i32.mul i32.sub i32.mul i32.add i32.mul)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 1000)
  (export "\u{13}" (func 0))
  (export "2" (global 0))
  (func (;0;) (type 0) (param i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    loop (result i64) ;; label = @1
      global.get 4
      global.set 4
      i32.const -1049835455
      local.get 0
      local.set 1
      i32.const 1
      local.get 1
      local.get 1
      i32.eqz
      select
      local.set 1
      local.set 2
      block ;; label = @2
        block ;; label = @3
        end
      end
      local.get 2
      local.get 1
      i32.div_s
      global.set 0
      block ;; label = @2
        memory.size
        return_call 0
        loop ;; label = @3
          block ;; label = @4
            block ;; label = @5
            end
          end
          block ;; label = @4
            block ;; label = @5
            end
          end
        end
      end
      i64.const 8796093022208
    end
    global.get 3
    i64.xor
    global.set 3
  )
)