;; Found by fuzz-driver (differential, seed 11, input 670856), reduced. Calling "" with f32 bits
;; 2143289344 (NaN) leaves global "6" at 1765471744 in mica and in wasmtime 48 (cranelift);
;; wasmi 2.0.0 leaves 385545728 (or 914699776 in the reduced form).
(module
  (type (;0;) (func (param f32)))
  (type (;1;) (func (param i64)))
  (type (;2;) (func (param externref)))
  (type (;3;) (func (result f32)))
  (type (;4;) (func (param f64) (result f32)))
  (type (;5;) (func (param f32) (result f64)))
  (memory (;0;) 3 3)
  (global (;0;) (mut i64) i64.const -5925070564118939073 i64.const -4257337424198688893 i64.const 8527056112953328171 i64.const -2710676189046685222 i64.const 1199609563552696527 i64.const -6127949085818015819 i64.const 7695407735551209454 i64.const -4874158667849522701 i64.sub i64.add i64.mul i64.const -9162810754259763633 i64.sub i64.add i64.const 8412959171281276609 i64.mul i64.add i64.add i64.add)
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i32) i32.const 1000)
  (export "" (func 1))
  (export "6" (global 1))
  (func (;0;) (type 3) (result f32)
    (local f32 f32 f32 f32 f32 f32 f32 f32)
    global.get 5
    if ;; label = @1
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    global.get 0
    i32.wrap_i64
    i32.const -786004174
    ref.null func
    local.get 0
    f32.const nan (;=NaN;)
    local.get 2
    local.get 2
    f32.eq
    select
    local.get 0
    ref.null extern
    loop (result i64) ;; label = @1
      return_call 3
      block (type 3) (result f32) ;; label = @2
        local.get 0
        memory.size
        local.get 0
        i32.trunc_f32_s
        f32.reinterpret_i32
        i64.trunc_f32_u
        call 0
        i64.trunc_f32_s
        i64.const 4886746149702353785
        i64.lt_u
        block (type 3) (result f32) ;; label = @3
          i32.const -1704789811
          f32.load offset=149355
          i64.trunc_f32_s
          local.get 1
          f32.const nan (;=NaN;)
          local.get 5
          local.get 5
          f32.eq
          select
          ref.null extern
          i64.const -1936488646658264309
          call 3
          call 1
          f64.convert_i64_u
          call 3
          i64.const 4707907044381396076
          local.get 1
          block (type 3) (result f32) ;; label = @4
            return_call 3
            loop ;; label = @5
            end
          end
          i32.reinterpret_f32
          global.get 1
          i32.xor
          global.set 1
          i32.reinterpret_f32
          global.get 1
          i32.xor
          global.set 1
          global.get 2
          i64.xor
          global.set 2
          i32.reinterpret_f32
          global.get 1
          i32.xor
          global.set 1
          i64.reinterpret_f64
          global.get 3
          i64.xor
          global.set 3
          drop
          i32.reinterpret_f32
          global.get 1
          i32.xor
          global.set 1
          global.get 2
          i64.xor
          global.set 2
          f32.const 0x1.fffff8p-128 (;=0.00000000000000000000000000000000000000587747;)
        end
        i32.reinterpret_f32
        global.get 1
        i32.xor
        global.set 1
        global.get 4
        i32.xor
        global.set 4
        global.get 2
        i64.xor
        global.set 2
        global.get 4
        i32.xor
        global.set 4
      end
      i32.reinterpret_f32
      global.set 4
    end
    global.get 2
    i64.xor
    global.set 2
    drop
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    drop
    global.get 4
    i32.xor
    global.set 4
    global.get 4
    i32.xor
    global.set 4
    f32.const -0x1.3505cep-55 (;=-0.000000000000000033504306;)
  )
  (func (;1;) (type 0) (param f32)
    (local f64 f64 f32)
    global.get 5
    if ;; label = @1
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    block ;; label = @1
    end
    local.get 0
    f32.const 0x1.8002p-132 (;=0.000000000000000000000000000000000000000275512;)
    global.get 0
    f32.convert_i64_u
    global.get 0
    f64.convert_i64_s
    i32.const 1236089019
    f32.reinterpret_i32
    memory.size
    i32.load8_s offset=5541
    if (type 0) (param f32) ;; label = @1
      call 1
      f64.const -0x1.3ddcde855f536p-898 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000587575383474493;)
      f64.const nan (;=NaN;)
      local.get 1
      local.get 1
      f64.eq
      select
      loop (result i32) ;; label = @2
        global.get 5
        if ;; label = @3
        end
        global.get 5
        i32.const 1
        i32.sub
        global.set 5
        f32.const 0x1.74e316p+60 (;=1679334000000000000;)
        i32.trunc_f32_u
        i64.load8_s offset=107111
        f32.convert_i64_u
        call 5
        loop ;; label = @3
          global.get 5
          if ;; label = @4
          end
          global.get 5
          i32.const 1
          i32.sub
          global.set 5
          i64.const -2147483649
          global.get 0
          i64.le_s
          f64.load offset=2153 align=2
          f64.const nan (;=NaN;)
          local.get 2
          local.get 2
          f64.eq
          select
          block (result externref) ;; label = @4
            i64.const 8267573222558040195
            i64.eqz
            i64.load offset=196608 align=1
            f32.convert_i64_s
            i32.const 67108863
            local.get 0
            local.set 0
            if ;; label = @5
              memory.size
              i64.const -298384526766955361
              f64.convert_i64_s
              i32.trunc_f64_u
              f32.convert_i32_s
              i32.const 1073741824
              if (result f32) ;; label = @6
                global.get 0
                global.set 0
                f32.const -0x1.fffffep+96 (;=-158456320000000000000000000000;)
                f32.const 0x1.fffffep-64 (;=0.00000000000000000010842021;)
                i64.const -33
                ref.null func
                loop ;; label = @7
                  global.get 5
                  if ;; label = @8
                  end
                  global.get 5
                  i32.const 1
                  i32.sub
                  global.set 5
                  block ;; label = @8
                    f32.const 0x1.fcp-143 (;=0.000000000000000000000000000000000000000000178;)
                    i64.trunc_f32_s
                    i32.const 2033875428
                    i64.load8_s offset=153783
                    i64.ge_s
                    local.get 0
                    i64.trunc_sat_f32_s
                    loop ;; label = @9
                      global.get 5
                      if ;; label = @10
                      end
                      global.get 5
                      i32.const 1
                      i32.sub
                      global.set 5
                      i32.const -1698874073
                      br_if 1 (;@8;)
                      call 0
                      ref.null extern
                      i32.const -32768
                      ref.null extern
                      ref.null extern
                      global.get 0
                      f64.reinterpret_i64
                      call 4
                      loop (type 3) (result f32) ;; label = @10
                        global.get 5
                        if ;; label = @11
                        end
                        global.get 5
                        i32.const 1
                        i32.sub
                        global.set 5
                        global.get 0
                        f32.convert_i64_u
                        f32.const nan (;=NaN;)
                        local.get 3
                        local.get 3
                        f32.eq
                        select
                        block (result funcref) ;; label = @11
                          ref.null func
                        end
                        drop
                      end
                      i32.reinterpret_f32
                      global.get 1
                      i32.xor
                      global.set 1
                      i32.reinterpret_f32
                      global.get 1
                      i32.xor
                      global.set 1
                      drop
                      drop
                      global.get 4
                      i32.xor
                      global.set 4
                      drop
                      i32.reinterpret_f32
                      global.get 1
                      i32.xor
                      global.set 1
                    end
                    global.get 2
                    i64.xor
                    global.set 2
                    global.get 4
                    i32.xor
                    global.set 4
                  end
                end
                drop
                global.get 2
                i64.xor
                global.set 2
                i32.reinterpret_f32
                global.get 1
                i32.xor
                global.set 1
              else
                f32.const -0x1.950afcp-63 (;=-0.00000000000000000017154234;)
              end
              i32.reinterpret_f32
              global.get 1
              i32.xor
              global.set 1
              i32.reinterpret_f32
              global.get 1
              i32.xor
              global.set 1
              global.get 4
              i32.xor
              global.set 4
            end
            i32.reinterpret_f32
            global.get 1
            i32.xor
            global.set 1
            ref.null extern
          end
          drop
          i64.reinterpret_f64
          global.get 3
          i64.xor
          global.set 3
        end
        i64.reinterpret_f64
        global.get 3
        i64.xor
        global.set 3
        i32.const 678011754
      end
      global.get 4
      i32.xor
      global.set 4
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
    else
      i32.reinterpret_f32
      global.get 1
      i32.xor
      global.set 1
    end
    i64.reinterpret_f64
    global.get 3
    i64.xor
    global.set 3
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
  )
  (func (;2;) (type 2) (param externref)
    (local f32 f32 f32 f64 f32 f32 f64)
    global.get 5
    if ;; label = @1
    end
    block ;; label = @1
      block (result f32) ;; label = @2
        i64.const -4321499713708881493
        f64.const -0x1.b74af1bed54efp-735 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000009494394186300679;)
        loop ;; label = @3
          global.get 5
          if ;; label = @4
          end
          global.get 5
          i32.const 1
          i32.sub
          global.set 5
          call 3
          f32.const nan (;=NaN;)
          local.get 1
          local.get 1
          f32.eq
          select
          block ;; label = @4
            i32.const -33554433
            f32.load offset=149768
            ref.null extern
            loop (type 3) (result f32) ;; label = @5
              global.get 5
              if ;; label = @6
              end
              global.get 5
              i32.const 1
              i32.sub
              global.set 5
              call 0
              i32.trunc_f32_s
              block (type 3) (result f32) ;; label = @6
                i32.const -370359491
                f32.load offset=183087
                call 3
                call 5
                local.get 0
                loop (type 2) (param externref) ;; label = @7
                  global.get 5
                  if ;; label = @8
                  end
                  global.get 5
                  i32.const 1140764540
                  ref.null extern
                  block (result i32) ;; label = @8
                    f32.const 0x1.p-133 (;=0.000000000000000000000000000000000000000091835;)
                    block (type 3) (result f32) ;; label = @9
                      f32.const 0x1.688534p+117 (;=233991070000000000000000000000000000;)
                    end
                    i32.reinterpret_f32
                    global.get 1
                    i32.xor
                    global.set 1
                    i32.reinterpret_f32
                    global.get 1
                    i32.xor
                    global.set 1
                    i32.const -946960125
                  end
                  global.get 4
                  i32.xor
                  global.set 4
                  drop
                  global.get 4
                  i32.xor
                  global.set 4
                  global.get 4
                  i32.xor
                  global.set 4
                  drop
                end
                i64.reinterpret_f64
                global.get 3
                i64.xor
                global.set 3
              end
              i32.reinterpret_f32
              global.get 1
              i32.xor
              global.set 1
              global.get 4
              i32.xor
              global.set 4
              f32.const -0x1.012c8ep-74 (;=-0.000000000000000000000053182345;)
            end
            i32.reinterpret_f32
            global.get 1
            i32.xor
            global.set 1
            drop
            i32.reinterpret_f32
            global.get 1
            i32.xor
            global.set 1
          end
          i32.reinterpret_f32
          global.get 1
          i32.xor
          global.set 1
        end
        i64.reinterpret_f64
        global.get 3
        i64.xor
        global.set 3
        global.get 2
        i64.xor
        global.set 2
        f32.const -0x1.fdfdfcp+126 (;=-169473950000000000000000000000000000000;)
      end
      i32.reinterpret_f32
      global.get 1
      i32.xor
      global.set 1
    end
  )
  (func (;3;) (type 3) (result f32)
    (local f64)
    global.get 5
    if ;; label = @1
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    i64.const -131073
    f32.convert_i64_u
    f64.const -0x1.284eeda775a62p+5 (;=-37.03853922679697;)
    call 4
    global.get 0
    f32.const -0x0p+0 (;=-0;)
    i64.trunc_sat_f32_s
    i64.le_u
    block (type 3) (result f32) ;; label = @1
      loop (result f64) ;; label = @2
        global.get 5
        if ;; label = @3
        end
        global.get 5
        i32.const 1
        i32.sub
        global.set 5
        memory.size
        f64.const 0x1.fffffep-1051 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000082890456;)
        f64.const nan (;=NaN;)
        local.get 0
        local.get 0
        f64.eq
        select
        memory.size
        i64.load32_s offset=17132 align=2
        f64.convert_i64_s
        i64.reinterpret_f64
        global.get 3
        i64.xor
        global.set 3
        i64.reinterpret_f64
        global.get 3
        i64.xor
        global.set 3
        global.get 4
        i32.xor
        global.set 4
        f64.const 0x1.p-1040 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008487983164;)
      end
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
      f32.const 0x1.fffffcp-127 (;=0.000000000000000000000000000000000000011754942;)
    end
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    global.get 4
    i32.xor
    global.set 4
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
  )
  (func (;4;) (type 4) (param f64) (result f32)
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
  (func (;5;) (type 5) (param f32) (result f64)
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