;; Found by fuzz-driver (differential, seed 1, input 339763). Calling "1" traps with
;; `unreachable` in mica and with "out of bounds memory access" in wasmi 2.0.0. Traced by hand:
;; the address is `select(32, global 0, ref.is_null(local 0))`, and local 0 is a null funcref,
;; so it is 32; the three loads at 32 + 122107, 79575 and 57569 are in bounds of the 2-page
;; memory and read 0, so the `if` takes its `else` arm: `unreachable`. wasmi picks the second
;; operand (global 0, left at i64::MAX by "" or 6001832437205677616 initially), whose low 32
;; bits plus 122107 are out of bounds. The `select` family of wasmi_select_double_eqz.wat, here
;; with a `ref.is_null` condition.
(module
  (type (;0;) (func (result externref f32)))
  (memory (;0;) 2 14)
  (global (;0;) (mut i64) i64.const 6001832437205677616)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 1000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (memory 0))
  (export "4" (global 0))
  (export "__mica_fuzz_fuel" (global 4))
  (func (;0;) (type 0) (result externref f32)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    f32.const -0x1.4fa886p+73 (;=-12383605000000000000000;)
    f32.neg
    i64.trunc_sat_f32_s
    global.set 0
    return_call 0
    br 0
    i32.const -1073741825
    block (type 0) (result externref f32) ;; label = @1
      block (type 0) (result externref f32) ;; label = @2
        call 1
        ref.null extern
        call 0
        i32.reinterpret_f32
        memory.grow
        block (type 0) (result externref f32) ;; label = @3
          f64.const -0x1.eeeeeeeeeeeeep+751 (;=-22899894549927040000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
          f64.abs
          i64.reinterpret_f64
          global.get 1
          i64.xor
          global.set 1
          ref.null extern
          f32.const 0x1.e0a0cep+0 (;=1.8774537;)
        end
        i32.reinterpret_f32
        global.get 2
        i32.xor
        global.set 2
        drop
        global.get 3
        i32.xor
        global.set 3
        drop
        drop
      end
    end
    i32.reinterpret_f32
    global.get 2
    i32.xor
    global.set 2
    drop
    global.get 3
    i32.xor
    global.set 3
    ref.null extern
    f32.const -nan:0x7c0000 (;=NaN;)
  )
  (func (;1;) (type 0) (result externref f32)
    (local funcref f32 f32 f32)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    global.get 0
    global.get 0
    i64.sub
    f64.convert_i64_u
    i64.reinterpret_f64
    f64.convert_i64_s
    f64.const 0x1.df9b2d5458dd2p-846 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003992716328177616;)
    f64.eq
    i32.clz
    f32.convert_i32_u
    i64.trunc_sat_f32_u
    global.get 0
    local.get 0
    ref.is_null
    select
    i32.wrap_i64
    i32.load8_s offset=122107
    i32.load offset=79575 align=1
    i32.load8_s offset=57569
    if (result i32) ;; label = @1
      block ;; label = @2
        loop (type 0) (result externref f32) ;; label = @3
          global.get 4
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 4
          i32.const 1
          i32.sub
          global.set 4
          loop (type 0) (result externref f32) ;; label = @4
            global.get 4
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 4
            i32.const 1
            i32.sub
            global.set 4
            f64.const -nan:0xfbfffffffffff (;=NaN;)
            block ;; label = @5
              f32.const 0x1.47802p-33 (;=0.00000000014892998;)
              loop (type 0) (result externref f32) ;; label = @6
                global.get 4
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 4
                i32.const 1
                i32.sub
                global.set 4
                br 3 (;@3;)
                br 0 (;@6;)
                call 1
                i32.trunc_f32_u
                i64.load32_s offset=110963
                i32.wrap_i64
                global.get 0
                i32.wrap_i64
                i32.eq
                i64.load32_u offset=76062 align=2
                local.get 0
                f32.const 0x1.ffp-141 (;=0.000000000000000000000000000000000000000000716;)
                i64.trunc_sat_f32_u
                local.get 0
                local.get 0
                ref.is_null
                i64.load32_s offset=55119 align=2
                i64.clz
                br 2 (;@4;)
                i64.extend32_s
                memory.size
                br_if 0 (;@6;)
                i32.const -437399402
                f32.load offset=25684
                f64.const 0x1.p-1044 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005304989477;)
                i32.trunc_f64_u
                br_table 0 (;@6;) 1 (;@5;) 2 (;@4;) 3 (;@3;) 4 (;@2;) 4 (;@2;)
                block (type 0) (result externref f32) ;; label = @7
                  return_call 1
                  f32.sqrt
                  local.tee 1
                  f32.const nan (;=NaN;)
                  local.get 1
                  local.get 1
                  f32.eq
                  select
                  f32.abs
                  i32.const 524288
                  i32.load16_u offset=608143 align=1
                  i64.load8_u offset=20832
                  call 2
                  f32.const -nan:0x7fffe0 (;=NaN;)
                  f32.min
                  local.tee 2
                  f32.const nan (;=NaN;)
                  local.get 2
                  local.get 2
                  f32.eq
                  select
                  f32.nearest
                  local.tee 3
                  f32.const nan (;=NaN;)
                  local.get 3
                  local.get 3
                  f32.eq
                  select
                  i32.trunc_f32_u
                  f32.const -0x1.b4aebp-10 (;=-0.001665811;)
                  i64.trunc_f32_s
                  i64.extend16_s
                  block (result i64) ;; label = @8
                    i32.const -16843010
                    i32.load offset=119533 align=1
                    i32.load8_u offset=126
                    unreachable
                  end
                  unreachable
                end
                unreachable
              end
              unreachable
            end
            unreachable
          end
        end
        unreachable
      end
      unreachable
    else
      unreachable
    end
    unreachable
  )
  (func (;2;) (type 0) (result externref f32)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    unreachable
  )
)
