;; Reduced from seed 8823 of the differential test: calling export "6" crashes wasmi 2.0.0 with a
;; segmentation fault inside its executor (wasmi::engine::executor::handler::exec::u32_copy_si),
;; with its default configuration too. mica runs it (see wasmi_crash_modules_in_mica).
(module
  (type (;0;) (func (param i64) (result i32)))
  (type (;1;) (func (result f32 i64)))
  (type (;2;) (func (result i32 i64)))
  (type (;3;) (func))
  (import "'pf" "3\u{1}$" (func (;0;) (type 3)))
  (global (;0;) (mut i64) i64.const 8513570744490760526)
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i32) i32.const 1000)
  (export "6" (func 6))
  (func (;1;) (type 2) (result i32 i64)
    global.get 5
    if (type 2) (result i32 i64) ;; label = @1
      return_call 1
    else
      i32.const 1930613067
      i64.const 4222140115060547173
    end
  )
  (func (;2;) (type 3)
    (local f32 i64 i32 f64)
    loop (result i64) ;; label = @1
      global.get 5
      if ;; label = @2
      end
      ref.null extern
      ref.is_null
      local.get 3
      loop ;; label = @2
        global.get 5
        if ;; label = @3
        end
        ref.null func
        block (type 1) (result f32 i64) ;; label = @3
          call 6
          call 5
          call 3
          block (result f64) ;; label = @4
            block (type 3) ;; label = @5
              br 4 (;@1;)
              if (type 3) ;; label = @6
                ref.null func
                block (type 1) (result f32 i64) ;; label = @7
                  loop (type 1) (result f32 i64) ;; label = @8
                    global.get 5
                    if ;; label = @9
                    end
                    return_call 4
                    loop (type 0) (param i64) (result i32) ;; label = @9
                      global.get 5
                      global.set 5
                      loop (type 0) (param i64) (result i32) ;; label = @10
                        global.get 5
                        if ;; label = @11
                        end
                        br 8 (;@2;)
                        block (type 3) ;; label = @11
                          loop ;; label = @12
                          end
                        end
                      end
                    end
                    global.set 1
                  end
                end
                global.set 2
                i32.reinterpret_f32
                global.set 3
                drop
              end
            end
            f64.const 0x1.ff8p-1065 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005054;)
          end
          i64.reinterpret_f64
          global.get 4
          i64.xor
          global.set 4
          i32.xor
          global.set 1
          global.set 2
          global.get 1
          i32.xor
          global.set 1
          f32.const -nan:0x7f8000 (;=NaN;)
          i64.const 1462348390168545989
        end
        global.get 2
        i64.xor
        global.set 2
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
        drop
      end
      i64.reinterpret_f64
      global.get 4
      i64.xor
      global.set 4
      global.set 1
      i64.const 0
    end
    global.get 2
    i64.xor
    global.set 2
  )
  (func (;3;) (type 0) (param i64) (result i32)
    call 5
    return_call 3
    if (type 2) (result i32 i64) ;; label = @1
      loop (result f64) ;; label = @2
        global.get 5
        if ;; label = @3
        end
        block (type 2) (result i32 i64) ;; label = @3
          block (result funcref) ;; label = @4
            loop ;; label = @5
              global.get 5
              global.set 5
              block (result i32) ;; label = @6
                call 5
                block ;; label = @7
                  block (type 2) (result i32 i64) ;; label = @8
                    br 1 (;@7;)
                    block (result f32) ;; label = @9
                      br 4 (;@5;)
                      loop (type 2) (result i32 i64) ;; label = @10
                        br 8 (;@2;)
                        block (result externref) ;; label = @11
                          loop (type 2) (result i32 i64) ;; label = @12
                            global.get 5
                            global.set 5
                            loop (type 2) (result i32 i64) ;; label = @13
                              global.get 5
                              if ;; label = @14
                              end
                              global.get 5
                              i32.const 1
                              i32.sub
                              global.set 5
                              ref.null extern
                              block (type 2) (result i32 i64) ;; label = @14
                                call 6
                                global.set 0
                                if (type 2) (result i32 i64) ;; label = @15
                                  call 6
                                  block (type 1) (result f32 i64) ;; label = @16
                                    global.get 0
                                    global.get 0
                                    ref.null extern
                                    block (type 3) ;; label = @17
                                      loop ;; label = @18
                                        global.get 5
                                        if ;; label = @19
                                        end
                                        block (result f64) ;; label = @19
                                          br 1 (;@18;)
                                          loop (type 0) (param i64) (result i32) ;; label = @20
                                            global.get 5
                                            if ;; label = @21
                                              loop (type 2) (result i32 i64) ;; label = @22
                                                global.get 5
                                                if ;; label = @23
                                                end
                                                global.get 5
                                                loop (type 2) (result i32 i64) ;; label = @23
                                                  global.get 0
                                                  loop (type 0) (param i64) (result i32) ;; label = @24
                                                    global.get 5
                                                    if ;; label = @25
                                                    end
                                                    br 11 (;@13;)
                                                  end
                                                  i64.const -137438953473
                                                end
                                                drop
                                                global.get 1
                                                i32.xor
                                                global.set 1
                                                i64.const 63
                                              end
                                              global.set 2
                                              global.get 1
                                              i32.xor
                                              global.set 1
                                            end
                                            global.get 2
                                            i64.xor
                                            global.set 2
                                            i32.const 16
                                          end
                                          global.set 1
                                        end
                                        i64.reinterpret_f64
                                        global.set 4
                                      end
                                    end
                                    drop
                                    i64.xor
                                    global.set 2
                                    f32.const 0x1.89c952p-96 (;=0.000000000000000000000000000019415169;)
                                    i64.const -137438953473
                                  end
                                  global.get 2
                                  i64.xor
                                  global.set 2
                                  i32.reinterpret_f32
                                  global.get 3
                                  i32.xor
                                  global.set 3
                                else
                                  i32.const -16385
                                  i64.const 4398046511104
                                end
                              end
                              global.get 2
                              i64.xor
                              global.set 2
                              global.set 1
                              drop
                              i32.const -1025
                              i64.const -938639090849210736
                            end
                          end
                          global.set 2
                          global.get 1
                          i32.xor
                          global.set 1
                          ref.null extern
                        end
                        drop
                      end
                      global.set 2
                      global.set 1
                    end
                    i32.reinterpret_f32
                    global.set 3
                  end
                  global.get 2
                  i64.xor
                  global.set 2
                  global.set 1
                end
                global.set 2
              end
              global.set 1
            end
            ref.null func
          end
          drop
          i32.const 8191
          i64.const -8306398507101072461
        end
        global.set 2
        global.get 1
        i32.xor
        global.set 1
        f64.const 0x1.9996e27dcdf1ep+228 (;=690156762736398500000000000000000000000000000000000000000000000000000;)
      end
      i64.reinterpret_f64
      global.get 4
      i64.xor
      global.set 4
      i32.const 96469702
      i64.const 4190470019553361940
    else
      i32.const 335176463
      i64.const 6453288145246218223
    end
    global.set 2
  )
  (func (;4;) (type 3)
    global.get 5
    if ;; label = @1
    end
    return_call 0
    block (type 2) (result i32 i64) ;; label = @1
      block ;; label = @2
        block (type 3) ;; label = @3
          block (type 3) ;; label = @4
          end
        end
        block (result i32) ;; label = @3
          global.get 0
          block (type 1) (result f32 i64) ;; label = @4
            block (type 3) ;; label = @5
              block (result externref) ;; label = @6
                ref.null extern
              end
              br 5
              block (result i32) ;; label = @6
                global.get 0
                global.get 0
                global.get 0
                loop (type 2) (result i32 i64) ;; label = @7
                  global.get 5
                  if ;; label = @8
                  end
                  global.get 5
                  i32.const 1
                  i32.sub
                  global.set 5
                  loop (type 1) (result f32 i64) ;; label = @8
                    global.get 5
                    if ;; label = @9
                    end
                    call 6
                    global.get 0
                    block (type 1) (result f32 i64) ;; label = @9
                      loop (type 1) (result f32 i64) ;; label = @10
                        global.get 5
                        if ;; label = @11
                        end
                        return_call 2
                        loop (type 2) (result i32 i64) ;; label = @11
                          return_call 4
                          block ;; label = @12
                            loop (result f32) ;; label = @13
                              global.get 5
                              if ;; label = @14
                              end
                              global.get 5
                              global.set 5
                              block (type 3) ;; label = @14
                                block (type 3) ;; label = @15
                                  loop (result f64) ;; label = @16
                                    ref.null func
                                    block (type 1) (result f32 i64) ;; label = @17
                                      block (type 2) (result i32 i64) ;; label = @18
                                        ref.null extern
                                        global.get 0
                                        block (type 0) (param i64) (result i32) ;; label = @19
                                          call 3
                                          if (type 2) (result i32 i64) ;; label = @20
                                            global.get 0
                                            ref.null func
                                            loop (result funcref) ;; label = @21
                                              global.get 5
                                              if ;; label = @22
                                              end
                                              global.get 5
                                              i32.const 1
                                              i32.sub
                                              global.set 5
                                              block (type 2) (result i32 i64) ;; label = @22
                                                call 6
                                                global.set 0
                                                block (type 2) (result i32 i64) ;; label = @23
                                                  block (type 1) (result f32 i64) ;; label = @24
                                                    block (type 3) ;; label = @25
                                                      ref.null func
                                                      global.get 0
                                                      global.set 0
                                                      ref.is_null
                                                      global.get 0
                                                      loop (type 0) (param i64) (result i32) ;; label = @26
                                                        global.get 5
                                                        block (type 1) (result f32 i64) ;; label = @27
                                                          return_call 4
                                                          block (type 1) (result f32 i64) ;; label = @28
                                                            block (type 1) (result f32 i64) ;; label = @29
                                                              br 27 (;@2;)
                                                              block (type 3) ;; label = @30
                                                                ref.null func
                                                                drop
                                                              end
                                                            end
                                                            global.set 2
                                                            i32.reinterpret_f32
                                                            global.set 1
                                                            f32.const -0x1p+97 (;=-158456330000000000000000000000;)
                                                            i64.const 2097152
                                                          end
                                                          global.set 2
                                                          i32.reinterpret_f32
                                                          global.set 3
                                                        end
                                                        global.get 2
                                                        i64.xor
                                                        global.set 2
                                                        i32.reinterpret_f32
                                                        global.get 3
                                                        i32.xor
                                                        global.set 3
                                                        drop
                                                        global.get 2
                                                        i64.xor
                                                        global.set 2
                                                        i32.const 16777215
                                                      end
                                                      i32.xor
                                                      global.set 1
                                                    end
                                                    global.get 2
                                                    drop
                                                    f32.const 0x1.p-129 (;=0.000000000000000000000000000000000000001469368;)
                                                    i64.const 4611686018427387903
                                                  end
                                                  global.set 2
                                                  i32.reinterpret_f32
                                                  global.get 2
                                                end
                                                global.get 2
                                                i64.xor
                                                global.set 2
                                                global.set 1
                                                i64.const -9827045595248397
                                              end
                                              global.get 2
                                              i64.xor
                                              global.set 2
                                              global.set 1
                                              ref.null func
                                            end
                                            drop
                                            drop
                                            global.get 2
                                            i64.xor
                                            global.set 2
                                            i32.const -714397106
                                            i64.const 34359738367
                                          else
                                            i32.const 1589771914
                                            i64.const 7805247440421099047
                                          end
                                          global.set 2
                                        end
                                        global.set 1
                                        drop
                                        i32.const -104637988
                                        i64.const 4536503233855373854
                                      end
                                      global.get 2
                                      i64.xor
                                      global.set 2
                                      global.set 1
                                      f32.const 0x1.fffffep-112 (;=0.00000000000000000000000000000000038518597;)
                                      i64.const -1579898334508432787
                                    end
                                    global.set 2
                                    i32.reinterpret_f32
                                    global.set 3
                                    drop
                                    f64.const 0x1.d68bff3cf4bcap+227 (;=396434948155336870000000000000000000000000000000000000000000000000000;)
                                  end
                                  i64.reinterpret_f64
                                  global.get 4
                                  i64.xor
                                  global.set 4
                                end
                              end
                              f32.const 0x1.p-134 (;=0.000000000000000000000000000000000000000045918;)
                            end
                            i32.reinterpret_f32
                            global.get 3
                            i32.xor
                            global.set 3
                          end
                        end
                        global.set 2
                        global.set 1
                      end
                    end
                    global.set 2
                    i32.reinterpret_f32
                    global.set 3
                    global.get 2
                    i64.xor
                    global.set 2
                    global.set 2
                    global.get 1
                    i32.xor
                    global.set 1
                    f32.const -nan:0x7fdfff (;=NaN;)
                    i64.const 7740301774884144295
                  end
                  global.get 2
                  i64.xor
                  global.set 2
                  i32.reinterpret_f32
                  global.get 3
                  i32.xor
                  global.set 3
                  i32.const 512
                  i64.const -2418157537057090162
                end
                global.get 2
                i64.xor
                global.set 2
                global.set 1
                global.get 2
                i64.xor
                global.set 2
                i64.xor
                global.set 2
                i32.const 558638742
              end
              global.set 1
            end
            f32.const -0x1.348872p+7 (;=-154.2665;)
            i64.const -2059910911261884338
          end
          global.set 2
          i32.reinterpret_f32
          global.set 3
          global.get 2
          i64.xor
          global.set 2
          i32.const -262145
        end
        global.set 1
      end
      i32.const 800338116
      i64.const 5538793735134986990
    end
    global.set 2
    drop
  )
  (func (;5;) (type 2) (result i32 i64)
    (local funcref i32)
    global.get 5
    if ;; label = @1
    end
    global.get 5
    global.set 5
    global.get 0
    loop (type 1) (result f32 i64) ;; label = @1
      global.get 5
      if ;; label = @2
      end
      global.get 5
      i32.const 1
      i32.sub
      global.set 5
      loop ;; label = @2
        global.get 5
        local.get 0
        ref.null extern
        loop (type 1) (result f32 i64) ;; label = @3
          global.get 5
          if ;; label = @4
          end
          loop (type 3) ;; label = @4
          end
          loop (type 1) (result f32 i64) ;; label = @4
            global.get 5
            if ;; label = @5
            end
            br 0 (;@4;)
            loop (type 3) ;; label = @5
              global.get 5
              if ;; label = @6
              end
              loop (result i32) ;; label = @6
                global.get 5
                if ;; label = @7
                end
                br 3 (;@3;)
                block (type 3) ;; label = @7
                  call 5
                  loop (type 3) ;; label = @8
                    global.get 5
                    global.set 5
                  end
                  return
                  loop ;; label = @8
                    global.get 5
                    if ;; label = @9
                    end
                    global.get 5
                    global.set 5
                    block (type 1) (result f32 i64) ;; label = @9
                      loop (type 1) (result f32 i64) ;; label = @10
                        global.get 5
                        if ;; label = @11
                        end
                        global.get 5
                        global.get 0
                        call 5
                        ref.null extern
                        block ;; label = @11
                          global.get 0
                          global.set 0
                          local.get 1
                          loop (type 1) (result f32 i64) ;; label = @12
                            global.get 5
                            if ;; label = @13
                              block (type 2) (result i32 i64) ;; label = @14
                                block (type 3) ;; label = @15
                                  call 6
                                  loop (type 1) (result f32 i64) ;; label = @16
                                    global.get 5
                                    if ;; label = @17
                                    end
                                    block (result i32) ;; label = @17
                                      loop (type 2) (result i32 i64) ;; label = @18
                                        global.get 5
                                        global.set 5
                                        global.get 0
                                        global.set 0
                                        block (type 1) (result f32 i64) ;; label = @19
                                          return_call 5
                                          block (result i64) ;; label = @20
                                            block (type 1) (result f32 i64) ;; label = @21
                                              return_call 6
                                              if (type 1) (result f32 i64) ;; label = @22
                                                return_call 5
                                                loop (type 3) ;; label = @23
                                                  global.get 5
                                                  if ;; label = @24
                                                  end
                                                  global.get 5
                                                  i32.const 1
                                                  i32.sub
                                                  global.set 5
                                                end
                                                loop (result f32) ;; label = @23
                                                  global.get 5
                                                  global.get 0
                                                  global.set 0
                                                  loop (type 1) (result f32 i64) ;; label = @24
                                                    global.get 5
                                                    if ;; label = @25
                                                    end
                                                    global.get 5
                                                    global.set 5
                                                    block (type 2) (result i32 i64) ;; label = @25
                                                      global.get 0
                                                      call 3
                                                      global.get 0
                                                      block ;; label = @26
                                                        block (result i64) ;; label = @27
                                                          local.get 1
                                                          block (type 3) ;; label = @28
                                                            global.get 0
                                                            ref.null func
                                                            loop (type 2) (result i32 i64) ;; label = @29
                                                              return_call 5
                                                              block (result funcref) ;; label = @30
                                                                block ;; label = @31
                                                                  block (type 1) (result f32 i64) ;; label = @32
                                                                    br 31 (;@1;)
                                                                    loop (type 0) (param i64) (result i32) ;; label = @33
                                                                      global.get 5
                                                                      global.set 5
                                                                      global.set 0
                                                                      block (type 1) (result f32 i64) ;; label = @34
                                                                        br 30 (;@4;)
                                                                      end
                                                                      global.get 2
                                                                      i64.xor
                                                                      global.set 2
                                                                      i32.reinterpret_f32
                                                                      global.get 3
                                                                      i32.xor
                                                                      global.set 3
                                                                      i32.const -1048577
                                                                    end
                                                                    global.set 1
                                                                  end
                                                                  global.get 2
                                                                  i64.xor
                                                                  global.set 2
                                                                  i32.reinterpret_f32
                                                                  global.get 3
                                                                  i32.xor
                                                                  global.set 3
                                                                end
                                                                ref.null func
                                                              end
                                                              drop
                                                            end
                                                            global.set 2
                                                            global.get 1
                                                            i32.xor
                                                            global.set 1
                                                            drop
                                                            global.get 2
                                                            i64.xor
                                                            global.set 2
                                                          end
                                                          global.get 1
                                                          i32.xor
                                                          global.set 1
                                                          i64.const -17
                                                        end
                                                        global.set 2
                                                      end
                                                    end
                                                    global.get 2
                                                    i64.xor
                                                    global.set 2
                                                    global.set 1
                                                    f32.const 0x1.p-128 (;=0.000000000000000000000000000000000000002938736;)
                                                    i64.const -549755813888
                                                  end
                                                  global.set 2
                                                  i32.reinterpret_f32
                                                  global.set 3
                                                  drop
                                                  f32.const -nan:0x6fffff (;=NaN;)
                                                end
                                                i32.reinterpret_f32
                                                global.set 3
                                              else
                                                f32.const -0x1.8ad7c8p+60 (;=-1778214300000000000;)
                                                i64.const 3817866394287684346
                                              end
                                              global.get 2
                                              i64.xor
                                              global.set 2
                                              i32.reinterpret_f32
                                              global.set 3
                                            end
                                            global.get 2
                                            i64.xor
                                            global.set 2
                                            i32.reinterpret_f32
                                            global.get 3
                                            i32.xor
                                            global.set 3
                                            i64.const 549755813888
                                          end
                                        end
                                        global.set 2
                                        i32.reinterpret_f32
                                        i64.const 134217727
                                      end
                                      global.set 2
                                    end
                                    global.set 1
                                    f32.const 0x1.8e343ap-84 (;=0.00000000000000000000000008041666;)
                                    i64.const -131073
                                  end
                                  global.set 2
                                  i32.reinterpret_f32
                                  global.set 1
                                  drop
                                  drop
                                end
                                i32.const -1836756213
                                i64.const -202362414742262397
                              end
                              global.get 2
                              i64.xor
                              global.set 2
                              global.set 1
                            end
                            f32.const -0x1.fffffep+112 (;=-10384593000000000000000000000000000;)
                            i64.const 2791270795946314855
                          end
                          global.get 2
                          i64.xor
                          global.set 2
                          i32.reinterpret_f32
                          global.get 3
                          i32.xor
                          global.set 3
                          global.set 1
                        end
                        drop
                        global.get 2
                        i64.xor
                        global.set 2
                        global.set 1
                        global.get 2
                        i64.xor
                        global.set 2
                        drop
                        f32.const -0x1.78bf58p-37 (;=-0.000000000010707806;)
                        i64.const 1914804655800475977
                      end
                    end
                    global.get 2
                    i64.xor
                    global.set 2
                    i32.reinterpret_f32
                    global.get 3
                    i32.xor
                    global.set 3
                  end
                end
              end
              global.set 1
            end
          end
        end
        global.get 2
        i64.xor
        global.set 2
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
        drop
        drop
        drop
      end
      f32.const 0x1.72112ap-100 (;=0.0000000000000000000000000000011403571;)
      i64.const 6052554007625431830
    end
    global.get 2
    i64.xor
    global.set 2
    i32.reinterpret_f32
    global.get 3
    i32.xor
    global.set 3
    global.set 2
    i32.const -177041279
    i64.const 8589934591
  )
  (func (;6;) (type 2) (result i32 i64)
    global.get 5
    if ;; label = @1
    end
    call 4
    ref.null func
    ref.is_null
    loop (type 1) (result f32 i64) ;; label = @1
      global.get 5
      i32.eqz
      if ;; label = @2
        loop ;; label = @3
          global.get 5
          if ;; label = @4
          end
          global.get 5
          global.set 5
        end
        block ;; label = @3
          loop (type 1) (result f32 i64) ;; label = @4
            global.get 5
            if ;; label = @5
            end
            global.get 5
            i32.const 1
            i32.sub
            global.set 5
            loop (type 2) (result i32 i64) ;; label = @5
              global.get 5
              if ;; label = @6
              end
              block ;; label = @6
                global.get 0
                block (result f64) ;; label = @7
                  br 2 (;@5;)
                  block (type 1) (result f32 i64) ;; label = @8
                    loop (result i64) ;; label = @9
                      return_call 1
                      loop (result i32) ;; label = @10
                        loop (type 1) (result f32 i64) ;; label = @11
                          br 9 (;@2;)
                          loop (type 3) ;; label = @12
                            global.get 5
                            if ;; label = @13
                            end
                            ref.null func
                            block (result f64) ;; label = @13
                              block ;; label = @14
                                ref.null func
                                loop (type 3) ;; label = @15
                                  global.get 5
                                  drop
                                end
                                drop
                              end
                              f64.const 0x1.61830dd7e7ba2p-261 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000003726792741176445;)
                            end
                            i64.reinterpret_f64
                            global.get 4
                            i64.xor
                            global.set 4
                            drop
                          end
                        end
                        global.get 2
                        i64.xor
                        global.set 2
                        i32.reinterpret_f32
                      end
                      global.set 1
                    end
                    global.get 2
                    i64.xor
                    global.set 2
                    f32.const 0x1.p-141 (;=0.000000000000000000000000000000000000000000359;)
                    i64.const 4151459539441789158
                  end
                  drop
                  drop
                end
                i64.reinterpret_f64
                global.get 4
                i64.xor
                global.set 4
                global.set 2
              end
              i32.const 1148046949
              i64.const 134217728
            end
            global.get 2
            i64.xor
            global.set 2
            global.set 1
            f32.const 0x1.67d3d6p+82 (;=6796949000000000000000000;)
            i64.const 16383
          end
          global.set 2
          i32.reinterpret_f32
          global.set 3
        end
      end
      f32.const 0x1.8p-148 (;=0.000000000000000000000000000000000000000000004;)
      i64.const 2305843009213693952
    end
    global.set 2
    i32.reinterpret_f32
    global.set 3
    i64.const -9021538656253796317
  )
)