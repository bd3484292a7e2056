;; Found by fuzz-driver (differential, seed 22, input 290064). Calling "l" leaves global "3" at 0
;; in mica (traced by hand: the locals are 0, so `select(l0, -16777216, eqz(l1))` is l0 = 0 and
;; the `if` branches out before touching the stack); wasmi 2.0.0 leaves -16777216 (it picks the
;; second operand; the reduced form alone does not show it: the surrounding `data.drop`/
;; `elem.drop` and the `if` matter). The `select` family of wasmi_select_double_eqz.wat.
(module
  (type (;0;) (func (result i64 f64 i32)))
  (global (;0;) i32 i32.const 7192505)
  (global (;1;) i64 i64.const -7992687644412736612)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i32) i32.const 1000)
  (export "l" (func 0))
  (export "" (global 0))
  (export "2" (global 1))
  (export "3" (global 2))
  (export "iLW" (global 3))
  (export "g" (global 4))
  (export "__mica_fuzz_fuel" (global 5))
  (elem (;0;) func)
  (elem (;1;) declare externref)
  (func (;0;) (type 0) (result i64 f64 i32)
    (local i32 i32)
    global.get 5
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    data.drop 1
    local.get 0
    i32.const -16777216
    local.get 1
    elem.drop 1
    i32.eqz
    select
    ref.null func
    ref.is_null
    if ;; label = @1
      local.get 1
      br 0 (;@1;)
      i32.ctz
      i32.extend8_s
      i32.eqz
      local.tee 0
      block (result i64) ;; label = @2
        block ;; label = @3
          data.drop 0
        end
        ref.null extern
        ref.null func
        local.get 0
        elem.drop 1
        i64.extend_i32_u
        i64.extend32_s
        i64.ctz
        ref.null extern
        i32.const -232848908
        i32.eqz
        call 0
        local.get 0
        local.tee 1
        i32.rem_s
        elem.drop 1
        global.get 2
        i32.xor
        global.set 2
        i64.reinterpret_f64
        global.get 3
        i64.xor
        global.set 3
        global.get 4
        i64.xor
        global.set 4
        global.get 2
        i32.xor
        global.set 2
        drop
        global.get 4
        i64.xor
        global.set 4
        drop
        drop
        i64.const -8192
      end
      global.get 4
      i64.xor
      global.set 4
      global.get 2
      i32.xor
      global.set 2
    end
    global.get 2
    i32.xor
    global.set 2
    i64.const 1169970022518555383
    f64.const -nan:0xfffffff000000 (;=NaN;)
    i32.const -256
  )
  (data (;0;) "")
  (data (;1;) "\8e")
)
