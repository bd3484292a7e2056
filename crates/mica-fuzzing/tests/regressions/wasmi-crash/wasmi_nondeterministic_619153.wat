;; Found by fuzz-driver (differential, seed 11, input 619153), reduced. Calling "" with (244,
;; 1917616620) leaves global "\75e5" at -261900 in mica and in wasmtime 48; wasmi 2.0.0 leaves
;; -262144 (once 2251799813423104 for the unreduced module: not deterministic). Run in mica alone.
(module
  (type (;0;) (func (param externref) (result i32)))
  (type (;1;) (func (param funcref)))
  (type (;2;) (func (param funcref)))
  (type (;3;) (func (param i64 i32) (result funcref i64)))
  (import "" "" (memory (;0;) 12))
  (global (;0;) i32 i32.const 828137255)
  (global (;1;) (mut funcref) ref.func 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 1000)
  (export "" (func 0))
  (export "\u{75e5}" (global 3))
  (func (;0;) (type 3) (param i64 i32) (result funcref i64)
    global.get 4
    if ;; label = @1
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    memory.size
    i64.load16_s offset=334331
    block (result i32) ;; label = @1
      block (result i32) ;; label = @2
        block (result i64) ;; label = @3
          ref.null func
          global.get 1
          local.get 0
          global.get 1
          memory.size
          i32.load8_u offset=351724
          if (type 1) (param funcref) ;; label = @4
            ref.func 0
            ref.null extern
            i32.const -1048576
            i64.load32_s offset=352793 align=1
            block ;; label = @5
              br 1 (;@4;)
              if (type 1) (param funcref) ;; label = @6
                local.get 0
                i64.const 144115188075855872
                i64.le_s
                ref.func 0
                i64.const 906481121793692085
                ref.null extern
                loop (result externref) ;; label = @7
                  global.get 4
                  global.set 4
                  global.get 1
                  loop (type 1) (param funcref) ;; label = @8
                    global.get 4
                    memory.size
                    i32.lt_u
                    local.get 1
                    loop ;; label = @9
                      global.get 4
                      if ;; label = @10
                      end
                      global.get 4
                      i64.const -3543992517942636424
                      local.get 0
                      i64.lt_s
                      i32.or
                      loop (result i32) ;; label = @10
                        global.get 4
                        i64.load16_u offset=40711
                        loop ;; label = @11
                          global.get 4
                          block ;; label = @12
                            ref.null func
                            block (result i32) ;; label = @13
                              loop (result i32) ;; label = @14
                                global.get 4
                                if ;; label = @15
                                end
                                global.get 4
                                global.set 4
                                ref.null func
                                global.set 1
                                i32.const 262143
                                ref.null func
                                i64.const 1677104365652274381
                                i32.wrap_i64
                                local.get 1
                                loop ;; label = @15
                                  global.get 4
                                  if ;; label = @16
                                  end
                                  loop ;; label = @16
                                    global.get 4
                                    if ;; label = @17
                                    end
                                    global.get 4
                                    i32.const 1
                                    i32.sub
                                    global.set 4
                                    local.get 1
                                    global.get 1
                                    block (type 2) (param funcref) ;; label = @17
                                      memory.size
                                      global.get 1
                                      i64.const -3983090634603542211
                                      i64.eqz
                                      memory.size
                                      i32.rem_s
                                      local.get 0
                                      i64.eqz
                                      global.get 0
                                      i32.store16 offset=450989 align=1
                                      local.set 1
                                      memory.size
                                      i64.load offset=703071 align=1
                                      loop (result externref) ;; label = @18
                                        global.get 4
                                        if ;; label = @19
                                        end
                                        global.get 4
                                        i32.const 1
                                        i32.sub
                                        global.set 4
                                        block (result i32) ;; label = @19
                                          block ;; label = @20
                                            i64.const -4503599627370497
                                            ref.null extern
                                            global.get 1
                                            block ;; label = @21
                                              memory.size
                                              if (result i32) ;; label = @22
                                                local.get 1
                                                i64.load16_s offset=738478
                                                i32.wrap_i64
                                              else
                                                i32.const 1385514699
                                              end
                                              global.set 2
                                            end
                                            drop
                                            drop
                                            global.set 3
                                          end
                                          i32.const 2061017818
                                        end
                                        global.set 2
                                        ref.null extern
                                      end
                                      drop
                                      global.set 3
                                      drop
                                      global.set 2
                                      drop
                                    end
                                    global.get 2
                                    i32.xor
                                    global.set 2
                                  end
                                end
                                global.get 2
                                i32.xor
                                global.set 2
                                global.set 2
                                drop
                              end
                            end
                            global.get 2
                            i32.xor
                            global.set 2
                            drop
                          end
                          global.set 2
                        end
                        global.set 3
                        i32.const 536870911
                      end
                      global.get 2
                      i32.xor
                      global.set 2
                      drop
                    end
                    i32.xor
                    global.set 2
                    drop
                  end
                  ref.null extern
                end
                drop
                drop
                global.set 3
                drop
                global.set 2
                drop
              else
                drop
              end
            end
            global.get 3
            i64.xor
            global.set 3
            drop
            drop
            drop
          else
            drop
          end
          global.set 3
          drop
          drop
          i64.const -262144
        end
        global.get 3
        i64.xor
        global.set 3
        i32.const -32768
      end
    end
    global.get 2
    i32.xor
    global.set 2
    global.get 3
    i64.xor
    global.set 3
    ref.null func
    i64.const 7008949727280262022
  )
)