;; Found by fuzz-driver (differential, seed 11111, input 179262; shrunk with wasm-tools shrink).
;; Calling "" with local 8 = 0 and local 11 = 0.0: `select` picks the f64 constant
;; 0x1.aba44a7d3a8ebp+974 (condition `i32.eqz (local.get 8)` = 1), whose bits are xored into
;; global "S" (0) after the `if` on `local 11 == -0x1.fffffffffffffp+1016` (false, so the big
;; `then` arm never runs): S = 0x7CDABA44A7D3A8EB = 8996708009662195947, which mica computes.
;; wasmi 2.0.0 leaves 0 (the other operand), but only with the unexecuted `then` arm present.
(module
  (type (;0;) (func (param i32 externref f64 f32 externref i64 f64 i32) (result f32 f32)))
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (export "" (func 0))
  (export "S" (global 2))
  (func (;0;) (type 0) (param i32 externref f64 f32 externref i64 f64 i32) (result f32 f32)
    (local i32 i32 f32 f64 f64 f32 f32 f32 f32 f32)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    i32.const -1099167182
    local.set 7
    ref.null func
    f32.const -0x1.530cacp+113 (;=-13753482000000000000000000000000000;)
    i32.const 0
    f64.convert_i32_u
    block (result f32) ;; label = @1
      f64.const 0x1.aba44a7d3a8ebp+974 (;=266720208084645770000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
      i64.const 0
      f64.convert_i64_u
      local.get 8
      i32.eqz
      select
      i64.reinterpret_f64
      local.get 11
      f64.const -0x1.fffffffffffffp+1016 (;=-1404447761611184100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
      f64.eq
      if (result funcref) ;; label = @2
        f64.const -nan:0xfffffffffff00 (;=NaN;)
        i32.const 0
        f32.convert_i32_u
        f32.const -0x1.025074p-70 (;=-0.0000000000000000000008546902;)
        f32.const 0x1.ffffep-130 (;=0.000000000000000000000000000000000000001469367;)
        local.get 6
        loop (result f32) ;; label = @3
          i32.const 0
          if ;; label = @4
            unreachable
          end
          global.get 4
          global.set 4
          nop
          f32.const -0x1.6b1ee8p-118 (;=-0.0000000000000000000000000000000000042684636;)
          local.get 0
          i64.const 0
          f64.reinterpret_i64
          i64.const 1
          ref.null func
          block (result i32) ;; label = @4
            i32.const 0
            i64.extend_i32_s
            f64.reinterpret_i64
            loop (result f64) ;; label = @5
              global.get 4
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 4
              global.set 4
              f32.const -0x1.ae88acp-75 (;=-0.00000000000000000000004451616;)
              ref.null extern
              nop
              br 0 (;@5;)
              f32.const -0x1.889c58p+91 (;=-3797098000000000000000000000;)
              i64.const 0
              ref.null func
              loop ;; label = @6
                global.get 4
                if ;; label = @7
                  unreachable
                end
                global.get 4
                global.set 4
                block (result f64) ;; label = @7
                  i64.const 0
                  local.get 3
                  ref.null extern
                  i64.const 0
                  br 1 (;@6;)
                  i64.eqz
                  i32.eqz
                  f32.reinterpret_i32
                  br 1 (;@6;)
                  i32.trunc_sat_f32_u
                  local.get 0
                  i32.lt_u
                  loop (result i64) ;; label = @8
                    global.get 4
                    if ;; label = @9
                      unreachable
                    end
                    global.get 4
                    global.set 4
                    i64.const 0
                    br 3 (;@5;)
                    i32.const 0
                    i64.const 0
                    br 0 (;@8;)
                    local.set 5
                    f32.convert_i32_s
                    f32.floor
                    local.tee 16
                    f32.const 0x1p+0 (;=1;)
                    i32.const 0
                    select
                    local.tee 10
                    loop (result funcref) ;; label = @9
                      global.get 4
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 4
                      global.set 4
                      local.get 6
                      local.get 3
                      i64.const 274935827329734906
                      i32.const -690540790
                      if ;; label = @10
                        block ;; label = @11
                          block ;; label = @12
                            global.get 4
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 4
                            global.set 4
                            br 1 (;@11;)
                          end
                          loop ;; label = @12
                            global.get 4
                            if ;; label = @13
                              unreachable
                            end
                            global.get 4
                            global.set 4
                          end
                        end
                        f32.const 0x1.dd1052p-109 (;=0.000000000000000000000000000000002871223;)
                        i32.const 1965952835
                        br 5 (;@5;)
                        f32.convert_i32_s
                        f32.neg
                        i32.const 0
                        f64.const 0x1p+0 (;=1;)
                        block (result i32) ;; label = @11
                          block ;; label = @12
                            local.get 8
                            i32.eqz
                            f32.reinterpret_i32
                            block ;; label = @13
                              global.get 1
                              global.set 1
                              global.get 3
                              global.set 3
                            end
                            i32.reinterpret_f32
                            global.get 0
                            i32.xor
                            global.set 0
                          end
                          i32.const 0
                        end
                        i32.const 1
                        i32.xor
                        global.set 1
                        i64.reinterpret_f64
                        global.get 3
                        i64.xor
                        global.set 3
                        global.get 1
                        i32.xor
                        global.set 1
                        i32.reinterpret_f32
                        global.get 0
                        i32.xor
                        global.set 0
                        i32.reinterpret_f32
                        global.get 0
                        i32.xor
                        global.set 0
                      end
                      global.get 2
                      i64.xor
                      global.set 2
                      i32.reinterpret_f32
                      global.get 0
                      i32.xor
                      global.set 0
                      i64.reinterpret_f64
                      i64.const 0
                      i64.xor
                      global.set 3
                      ref.null func
                    end
                    drop
                    i32.reinterpret_f32
                    global.get 0
                    i32.xor
                    global.set 0
                  end
                  global.get 2
                  i64.xor
                  global.set 2
                  global.get 1
                  i32.xor
                  global.set 1
                  drop
                  i32.reinterpret_f32
                  global.get 0
                  i32.xor
                  global.set 0
                  global.get 2
                  i64.xor
                  global.set 2
                  f64.const 0x1.1010101010101p-1007 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007748604185489348;)
                end
                i64.reinterpret_f64
                global.get 3
                i64.xor
                global.set 3
              end
              drop
              i64.const -3127266434870511173
              i64.xor
              global.set 2
              i32.reinterpret_f32
              global.get 0
              i32.xor
              global.set 0
              drop
              i32.reinterpret_f32
              global.get 0
              i32.xor
              global.set 0
              f64.const 0x1.fd28fe3a6940ep-873 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000031581169462834743;)
            end
            i64.reinterpret_f64
            global.get 3
            i64.xor
            global.set 3
            i64.reinterpret_f64
            global.get 3
            i64.xor
            global.set 3
            i32.const -2071286015
          end
          global.get 1
          i32.xor
          global.set 1
          drop
          global.get 2
          i64.xor
          global.set 2
          i64.reinterpret_f64
          global.get 3
          i64.xor
          global.set 3
          global.get 1
          i32.xor
          global.set 1
        end
        i32.reinterpret_f32
        global.get 0
        i32.xor
        global.set 0
        i64.reinterpret_f64
        global.get 3
        i64.xor
        global.set 3
        i32.reinterpret_f32
        global.get 0
        i32.xor
        global.set 0
        i32.reinterpret_f32
        global.get 0
        i32.xor
        global.set 0
        i32.reinterpret_f32
        i32.const 1
        i32.xor
        global.set 0
        i64.reinterpret_f64
        global.get 3
        i64.xor
        global.set 3
        ref.null func
      else
        ref.null func
      end
      drop
      global.get 2
      i64.xor
      global.set 2
      f32.const 0x1.p-137 (;=0.00000000000000000000000000000000000000000574;)
    end
    i32.reinterpret_f32
    global.get 0
    i32.xor
    global.set 0
    i64.reinterpret_f64
    global.get 3
    i64.xor
    global.set 3
    i32.reinterpret_f32
    global.get 0
    i32.xor
    global.set 0
    drop
    f32.const -0x1.ca4de6p-7 (;=-0.013986337;)
    f32.const 0x1.820234p+94 (;=29865970000000000000000000000;)
  )
)

