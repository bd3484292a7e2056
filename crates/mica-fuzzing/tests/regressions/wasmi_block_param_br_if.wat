;; Found by fuzz-driver (differential, seed 22, input 833677). Calling "1" with x = 1917616620 leaves
;; global "n\"\u{2}" at x in mica (traced by hand: `block (param i32)` exits by `br_if`, then
;; `i32.reinterpret_f32` of `f32.reinterpret_i32 x` is xor-ed into it); wasmi 2.0.0 leaves 0.
(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i32 externref f64)))
  (type (;2;) (func (param f64) (result f64)))
  (type (;3;) (func (param f64) (result f32)))
  (type (;4;) (func (param f32) (result f64)))
  (import "\u{f}" "g" (memory (;0;) 14 14))
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 1000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (memory 0))
  (export "\u{7}" (global 0))
  (export " " (global 1))
  (export "5" (global 2))
  (export "n\u{22}\u{2}" (global 3))
  (export "__mica_fuzz_fuel" (global 4))
  (func (;0;) (type 0) (param i32)
    (local i32 f64 f32 externref i32 i32 f32 f64 f64 f64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    local.get 0
    f32.load offset=491089
    i64.const 7652510980073686143
    f32.convert_i64_u
    f32.add
    local.tee 7
    f32.const nan (;=NaN;)
    local.get 7
    local.get 7
    f32.eq
    select
    local.set 3
    f64.const -nan:0xfffbfffffffff (;=NaN;)
    ref.null func
    loop (result f64) ;; label = @1
      global.get 4
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 4
      i32.const 1
      i32.sub
      global.set 4
      br 1
      loop (result f64) ;; label = @2
        global.get 4
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 4
        i32.const 1
        i32.sub
        global.set 4
        i32.const 2097151
        return_call 0
        local.get 0
        br_if 1 (;@1;)
        br 2
        block (result f64) ;; label = @3
          block ;; label = @4
            f64.const -nan:0xffffffffffdff (;=NaN;)
            f64.abs
            i64.reinterpret_f64
            f64.convert_i64_u
            ref.null extern
            i64.const -1025
            memory.size
            f64.load offset=84111 align=1
            f64.ceil
            local.tee 8
            f64.const nan (;=NaN;)
            local.get 8
            local.get 8
            f64.eq
            select
            nop
            f64.ceil
            local.tee 9
            f64.const nan (;=NaN;)
            local.get 9
            local.get 9
            f64.eq
            select
            f64.trunc
            local.tee 10
            f64.const nan (;=NaN;)
            local.get 10
            local.get 10
            f64.eq
            select
            i64.reinterpret_f64
            global.get 0
            i64.xor
            global.set 0
            global.get 1
            i64.xor
            global.set 1
            drop
            i64.reinterpret_f64
            global.get 0
            i64.xor
            global.set 0
          end
          f64.const -0x1.d3ea3b3d93825p-60 (;=-0.0000000000000000015853575723481564;)
        end
      end
    end
    i64.reinterpret_f64
    global.get 0
    i64.xor
    global.set 0
    drop
    i64.reinterpret_f64
    global.get 0
    i64.xor
    global.set 0
  )
  (func (;1;) (type 0) (param i32)
    (local f64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    loop (result i32) ;; label = @1
      global.get 4
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 4
      i32.const 1
      i32.sub
      global.set 4
      f32.const 0x1.fffffep+127 (;=340282350000000000000000000000000000000;)
      call 3
      i32.const 552831362
      i32.extend8_s
      local.get 0
      f32.reinterpret_i32
      f64.const 0x1.ffffffffffcp-1032 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000043458473798964;)
      i64.const 917505
      f64.const 0x1.p-1067 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000063;)
      i32.trunc_f64_s
      br_if 1
      nop
      i64.clz
      i64.clz
      i32.wrap_i64
      i64.load16_u offset=356269
      i64.const 4312975588261387962
      i64.shr_s
      i32.const 32768
      i32.popcnt
      block (type 0) (param i32) ;; label = @2
        i64.load offset=862779 align=2
        f32.const -0x1p+127 (;=-170141180000000000000000000000000000000;)
        i64.trunc_sat_f32_s
        i64.lt_u
        br_if 0 (;@2;)
        block ;; label = @3
        end
        memory.size
        i32.popcnt
        i32.load16_u offset=445200
        block (result f64) ;; label = @3
          local.get 0
          local.tee 0
          i32.ctz
          br_if 2 (;@1;)
          f32.const 0x1.a13b14p-119 (;=0.000000000000000000000000000000000002452262;)
          block (result f64) ;; label = @4
            block (result externref) ;; label = @5
              return
              br 4 (;@1;)
              f64.const 0x1.f54ae2251cc98p-239 (;=0.000000000000000000000000000000000000000000000000000000000000000000000002216574279366815;)
              f64.trunc
              local.tee 1
              f64.const nan (;=NaN;)
              local.get 1
              local.get 1
              f64.eq
              select
              local.get 0
              i64.load8_s offset=901976
              i64.eqz
              global.get 2
              i32.xor
              global.set 2
              i64.reinterpret_f64
              global.get 0
              i64.xor
              global.set 0
              ref.null extern
            end
            drop
            f64.const 0x1.97f1c5c8b42d6p+312 (;=13295959494862347000000000000000000000000000000000000000000000000000000000000000000000000000000;)
          end
          i64.reinterpret_f64
          global.get 0
          i64.xor
          global.set 0
          i32.reinterpret_f32
          global.get 3
          i32.xor
          global.set 3
          f64.const 0x1.1e5bca93e6f5bp+869 (;=4402875816097679000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
        end
        i64.reinterpret_f64
        global.get 0
        i64.xor
        global.set 0
        global.get 2
        i32.xor
        global.set 2
      end
      global.get 1
      i64.xor
      global.set 1
      i64.reinterpret_f64
      global.get 0
      i64.xor
      global.set 0
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      global.get 2
      i32.xor
      global.set 2
      i64.reinterpret_f64
      global.get 0
      i64.xor
      global.set 0
      i32.const 1688890302
    end
    global.get 2
    i32.xor
    global.set 2
  )
  (func (;2;) (type 3) (param f64) (result f32)
    local.get 0
    local.get 0
    f64.ne
    if (result f32) ;; label = @1
      f32.const nan (;=NaN;)
    else
      local.get 0
      f32.demote_f64
    end
  )
  (func (;3;) (type 4) (param f32) (result f64)
    local.get 0
    local.get 0
    f32.ne
    if (result f64) ;; label = @1
      f64.const nan (;=NaN;)
    else
      local.get 0
      f64.promote_f32
    end
  )
)
