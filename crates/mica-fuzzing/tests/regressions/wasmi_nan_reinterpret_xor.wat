(module
  (type (;0;) (func (param f64 externref externref) (result f32 f32 i32)))
  (type (;1;) (func (param i64) (result f64 i32 i32 i64)))
  (type (;2;) (func (param externref) (result funcref)))
  (type (;3;) (func (param f64) (result funcref externref)))
  (type (;4;) (func (param i32) (result f64 i64)))
  (type (;5;) (func (param i64 f64 i32) (result i64 externref)))
  (memory (;0;) 15 15)
  (global (;0;) i32 i32.const -1358058964 i32.const 1919217966 i32.const -467774710 i32.const 120108747 i32.const -477061178 i32.const 657168141 i32.const 2016648853 i32.const 137348617 i32.const -1534999698 i32.const -1453699466 i32.mul i32.mul i32.const -1004691152 i32.add i32.sub i32.mul i32.add i32.add i32.sub i32.add i32.add)
  (global (;1;) f32 f32.const 0x1.700cf4p-30 (;=0.0000000013389603;))
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i32) i32.const 0)
  (global (;6;) (mut i32) i32.const 1000)
  (export "" (func 0))
  (export "1" (memory 0))
  (export "2" (global 0))
  (export "3" (global 1))
  (export "4" (global 2))
  (export "\u{c}%" (global 3))
  (export "A" (global 4))
  (export "7" (global 5))
  (export "__mica_fuzz_fuel" (global 6))
  (func (;0;) (type 5) (param i64 f64 i32) (result i64 externref)
    (local i32 f32)
    global.get 6
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    i32.const 2
    i64.load16_u offset=342417 align=1
    local.tee 0
    i64.clz
    i64.extend16_s
    i64.const -437812228020661468
    local.set 0
    local.set 0
    i32.const -724446366
    i64.extend_i32_u
    ref.null func
    local.get 2
    if (result i64) ;; label = @1
      f32.const 0x1.p-127 (;=0.000000000000000000000000000000000000005877472;)
      f32.abs
      local.get 1
      memory.size
      i32.load8_u offset=770860
      i64.load8_s offset=51223
      nop
      local.tee 0
      local.tee 0
      i64.popcnt
      i64.eqz
      i32.const 2048
      memory.size
      i32.extend16_s
      i32.lt_u
      if (type 4) (param i32) (result f64 i64) ;; label = @2
        i32.load offset=425494 align=2
        i64.load16_s offset=33048
        local.set 0
        f32.const 0x1.ec99fep-66 (;=0.000000000000000000026078108;)
        f64.const -0x1.95f1f1a47951ap-879 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003934242654093861;)
        block ;; label = @3
          ref.null extern
          block (result f64) ;; label = @4
            f64.const 0x1.ff70ece62637ap-535 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001776265957423018;)
            i32.trunc_f64_u
            ref.null func
            ref.is_null
            i32.ctz
            f32.const 0x1.20d23ap-65 (;=0.000000000000000000030580134;)
            f32.sqrt
            local.tee 4
            f32.const nan (;=NaN;)
            local.get 4
            local.get 4
            f32.eq
            select
            i64.trunc_f32_s
            i64.clz
            loop (type 1) (param i64) (result f64 i32 i32 i64) ;; label = @5
              global.get 6
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 6
              i32.const 1
              i32.sub
              global.set 6
              br 2 (;@3;)
              local.tee 0
              f64.const 0x1.623e079ee1c5dp+451 (;=8046157005380391000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
              i64.reinterpret_f64
              global.get 2
              i64.xor
              global.set 2
              global.get 3
              i64.xor
              global.set 3
              f64.const 0x1.f7a33764e1babp+479 (;=3070761397051759000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
              i32.const -942090828
              i32.const 8388607
              i64.const -4528847193774342719
            end
            global.get 3
            i64.xor
            global.set 3
            global.get 4
            i32.xor
            global.set 4
            global.get 4
            i32.xor
            global.set 4
            i64.reinterpret_f64
            global.get 2
            i64.xor
            global.set 2
            global.get 4
            i32.xor
            global.set 4
            global.get 4
            i32.xor
            global.set 4
            f64.const 0x1.7ccf343278bdbp+291 (;=5918292449910874000000000000000000000000000000000000000000000000000000000000000000000000;)
          end
          i64.reinterpret_f64
          global.get 2
          i64.xor
          global.set 2
          drop
        end
        i64.reinterpret_f64
        global.get 2
        i64.xor
        global.set 2
        i32.reinterpret_f32
        global.get 5
        i32.xor
        global.set 5
        f64.const 0x1.b2084f1df8078p+980 (;=17325189475745491000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
        i64.const -131073
      else
        global.get 4
        i32.xor
        global.set 4
        f64.const -nan:0xfbfffffffffff (;=NaN;)
        i64.const -2941328715448530490
      end
      global.get 3
      i64.xor
      global.set 3
      i64.reinterpret_f64
      global.get 2
      i64.xor
      global.set 2
      i64.reinterpret_f64
      global.get 2
      i64.xor
      global.set 2
      i32.reinterpret_f32
      global.get 5
      i32.xor
      global.set 5
      i64.const 8589934591
    else
      i64.const 3
    end
    global.get 3
    i64.xor
    global.set 3
    drop
    ref.null extern
  )
)

