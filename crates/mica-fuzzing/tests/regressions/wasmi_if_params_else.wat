;; Found by fuzz-driver (differential, seed 7, input 38173). Calling ")2" with (244, -537132696929009172)
;; takes the `else` of an `if (param f64 i64)` (condition trunc_u(-5.3e-26) = 0), which xors -131073 into
;; global "B_"; after the `if`, param 1 is xored in too: B_ = -131073 ^ -537132696929009172 =
;; 537132696928878099, which mica computes. wasmi 2.0.0 leaves -131073 (the second xor is lost).
(module
  (type (;0;) (func (param i64 i64) (result f32 i32 f64)))
  (type (;1;) (func (param f64 i64)))
  (type (;2;) (func (param f64) (result f32)))
  (type (;3;) (func (param f32) (result f64)))
  (global (;0;) (mut f32) f32.const -0x1.04821cp-84 (;=-0.00000000000000000000000005260922;))
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i32) i32.const 1000)
  (export ")2" (func 0))
  (export "B_" (global 2))
  (func (;0;) (type 0) (param i64 i64) (result f32 i32 f64)
    (local f32 f32 f64 f32)
    global.get 5
    if ;; label = @1
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    local.get 1
    f64.const -nan:0xffffc00000000 (;=NaN;)
    i64.const -131073
    global.get 0
    i32.trunc_f32_u
    if (type 1) (param f64 i64) ;; label = @1
      i64.eqz
      f32.convert_i32_s
      global.get 0
      f32.const nan (;=NaN;)
      local.get 2
      local.get 2
      f32.eq
      select
      i32.trunc_sat_f32_s
      f64.convert_i32_u
      local.get 1
      f32.const 0x1.c428aap+33 (;=15171933000;)
      block (result i32) ;; label = @2
        block (result funcref) ;; label = @3
          loop ;; label = @4
            global.get 5
            if ;; label = @5
            end
            global.get 5
            i32.const 1
            i32.sub
            global.set 5
          end
          global.get 0
          global.set 0
          global.get 0
          f32.const -0x1p+1 (;=-2;)
          local.get 3
          local.get 3
          f32.eq
          select
          i64.trunc_sat_f32_s
          i32.const 454915292
          block ;; label = @4
            block (result f64) ;; label = @5
              local.get 0
              i32.wrap_i64
              f64.const 0x1.d173460a2eb69p-474 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000037274806087844813;)
              global.get 0
              i32.trunc_f32_s
              i64.extend_i32_s
              loop (type 1) (param f64 i64) ;; label = @6
                global.get 5
                global.set 5
                f32.convert_i64_u
                i64.const 72340172838076673
                block (result f32) ;; label = @7
                  br 3 (;@4;)
                  loop (result externref) ;; label = @8
                    global.get 5
                    if ;; label = @9
                    end
                    global.get 5
                    i32.const 1
                    i32.sub
                    global.set 5
                    loop (result externref) ;; label = @9
                      global.get 5
                      if ;; label = @10
                      end
                      global.get 5
                      i32.const 1
                      i32.sub
                      global.set 5
                      loop (result f32) ;; label = @10
                        global.get 5
                        if ;; label = @11
                        end
                        br 9 (;@1;)
                        loop (result externref) ;; label = @11
                          global.get 5
                          if ;; label = @12
                          end
                          br 7 (;@4;)
                        end
                        drop
                      end
                      i32.reinterpret_f32
                      global.get 1
                      i32.xor
                      global.set 1
                      ref.null extern
                    end
                  end
                  drop
                end
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
              end
              global.get 4
              i32.xor
              global.set 4
              f64.const -nan:0xffffffbffffff (;=NaN;)
            end
            drop
          end
          global.get 4
          i32.xor
          global.set 4
          global.get 2
          i64.xor
          global.set 2
          ref.null func
        end
        drop
        i32.const -838532823
      end
      global.get 4
      i32.xor
      global.set 4
      i32.reinterpret_f32
      global.get 1
      i32.xor
      global.set 1
      global.get 2
      i64.xor
      global.set 2
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
      i32.reinterpret_f32
      global.get 1
      i32.xor
      global.set 1
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
    else
      global.get 2
      i64.xor
      global.set 2
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
    end
    global.get 2
    i64.xor
    global.set 2
    f32.const -0x1.8d8214p+84 (;=-30034864000000000000000000;)
    i32.const -716659957
    f64.const 0x1.967e3206cf794p-370 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006602594985756172;)
  )
  (func (;1;) (type 0) (param i64 i64) (result f32 i32 f64)
    global.get 5
    if ;; label = @1
    end
    global.get 5
    i32.const 1
    i32.const -1275068416
    loop (result i32) ;; label = @1
      global.get 5
      if ;; label = @2
      end
      br 0 (;@1;)
    end
    global.get 4
    i32.xor
    global.set 4
    drop
    drop
    global.get 4
    i32.xor
    global.set 4
    f32.const 0x1.222222p-93 (;=0.00000000000000000000000000011443742;)
    i32.const -884405235
    f64.const -0x1.8ab2a4f94050cp-683 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000038418263831749695;)
  )
  (func (;2;) (type 2) (param f64) (result f32)
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
  (func (;3;) (type 3) (param f32) (result f64)
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