;; Found by fuzz-driver (differential, seed 11, input 324184), reduced. Calling "2" with f64 bits
;; 9221120237041090560 leaves global "*k" at 0 in mica and in wasmtime 48; wasmi 2.0.0 leaves a
;; value that changes from run to run (1, 22, 13536, 1116912364): it reads memory it should not.
;; Run in mica alone (wasmi's answer is not deterministic).
(module
  (type (;0;) (func (param f64) (result funcref)))
  (type (;1;) (func (param f64) (result f32)))
  (type (;2;) (func (param f32) (result f64)))
  (table (;0;) 0 843 funcref)
  (memory (;0;) 0)
  (global (;0;) (mut f32) f32.const 0x1.a824d4p-46 (;=0.000000000000023544714;))
  (global (;1;) f32 f32.const 0x1.87a658p+74 (;=28898653000000000000000;))
  (global (;2;) (mut f64) f64.const 0x1.0cd04c7acc00ap+359 (;=1233047546388871700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;))
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i32) i32.const 0)
  (global (;6;) (mut i32) i32.const 0)
  (global (;7;) (mut i32) i32.const 1000)
  (export "2" (func 2))
  (export "*k" (global 5))
  (func (;0;) (type 0) (param f64) (result funcref)
    (local externref f32 f64 i64 f64 f64 f32)
    global.get 7
    if ;; label = @1
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    f64.const 0x1.19a6ed9c380fep+332 (;=9625682488268555000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    i64.reinterpret_f64
    f64.convert_i64_s
    i32.trunc_sat_f64_u
    f64.const 0x1.f56caf6404c2ep+49 (;=1102644249102725.8;)
    local.set 3
    i64.const -8797033407085768501
    loop ;; label = @1
      global.get 7
      if ;; label = @2
      end
      loop (result i64) ;; label = @2
        global.get 7
        global.set 7
        f64.const -0x1.a81f00efede72p-6 (;=-0.025886298098809886;)
        global.set 2
        memory.size
        i64.load
        loop ;; label = @3
        end
      end
      global.set 4
    end
    global.get 4
    i64.xor
    global.set 4
    global.get 5
    i32.xor
    global.set 5
    ref.null func
  )
  (func (;1;) (type 0) (param f64) (result funcref)
    (local i32 f64 f32 f64 f32 f32 f32)
    global.get 7
    global.set 7
    global.get 1
    local.get 1
    global.get 2
    f32.const 0x1.ddacf2p-50 (;=0.00000000000000165727;)
    i32.trunc_f32_u
    table.size 0
    i32.rotr
    if (type 0) (param f64) (result funcref) ;; label = @1
      f64.const nan (;=NaN;)
      local.get 2
      local.get 2
      f64.eq
      select
      i64.const -288230376151711745
      f32.convert_i64_u
      loop (result i32) ;; label = @2
        global.get 7
        if ;; label = @3
        end
        i64.const 9221120237041090560
        i64.eqz
        loop (result f32) ;; label = @3
          global.get 7
          if ;; label = @4
          end
          br 0 (;@3;)
          block (result i32) ;; label = @4
            block (result f32) ;; label = @5
              block (result funcref) ;; label = @6
                loop ;; label = @7
                  global.get 7
                  if ;; label = @8
                  end
                end
                br 4 (;@2;)
                block (result i32) ;; label = @7
                  local.get 1
                  if ;; label = @8
                    ref.null extern
                    block ;; label = @9
                      local.get 1
                      global.get 2
                      i64.reinterpret_f64
                      global.get 3
                      i64.xor
                      global.set 3
                      global.get 5
                      i32.xor
                      global.set 5
                    end
                    drop
                  end
                  i32.const 431597869
                end
                global.set 5
              end
              drop
              f32.const 0x1.p-139 (;=0.000000000000000000000000000000000000000001435;)
            end
            i32.reinterpret_f32
            global.get 6
            i32.xor
            global.set 6
            i32.const -33
          end
          global.set 5
        end
        i32.reinterpret_f32
        global.set 6
      end
      global.get 5
      i32.xor
      global.set 5
      i32.reinterpret_f32
      global.get 6
      i32.xor
      global.set 6
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
      ref.null func
    else
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
      ref.null func
    end
    drop
    global.get 5
    i32.xor
    global.set 5
    i32.reinterpret_f32
    global.get 6
    i32.xor
    global.set 6
    ref.null func
  )
  (func (;2;) (type 0) (param f64) (result funcref)
    (local externref i32 f32 f32 f32 f64 f64 f64)
    global.get 7
    if ;; label = @1
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    f64.const -0x1.e766d4292baecp-771 (;=-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000015329231924065735;)
    loop (type 0) (param f64) (result funcref) ;; label = @1
      global.get 7
      if ;; label = @2
      end
      global.get 7
      i32.const 1
      i32.sub
      global.set 7
      return_call 1
      block (result i64) ;; label = @2
        block (result f64) ;; label = @3
          table.size 0
          f64.load
          f32.const 0x1p-95 (;=0.00000000000000000000000000002524355;)
          i64.trunc_f32_s
          i32.const 635914676
          memory.size
          i32.lt_u
          if (result f64) ;; label = @4
            memory.size
            f64.convert_i32_u
            f64.const nan (;=NaN;)
            local.get 6
            local.get 6
            f64.eq
            select
            i64.trunc_sat_f64_u
            br 2 (;@2;)
            block ;; label = @5
              memory.size
              i64.load8_s
              f32.convert_i64_u
              global.set 0
              global.get 2
              global.set 2
              i32.const 16384
              f32.load align=2
              table.size 0
              block ;; label = @6
                ref.null func
                loop ;; label = @7
                  global.get 7
                  if ;; label = @8
                  end
                  global.get 7
                  i32.const 1
                  i32.sub
                  global.set 7
                  i64.const 72057594037927935
                  global.get 2
                  f64.const nan (;=NaN;)
                  local.get 7
                  local.get 7
                  f64.eq
                  select
                  f64.const nan (;=NaN;)
                  local.get 8
                  local.get 8
                  f64.eq
                  select
                  i64.reinterpret_f64
                  global.get 3
                  i64.xor
                  global.set 3
                  global.get 4
                  i64.xor
                  global.set 4
                end
                drop
              end
              global.get 5
              i32.xor
              global.set 5
              i32.reinterpret_f32
              global.get 6
              i32.xor
              global.set 6
            end
          else
            f64.const -0x1.15c3f8937a881p+302 (;=-8840911568106262000000000000000000000000000000000000000000000000000000000000000000000000000;)
          end
          i64.reinterpret_f64
          global.get 3
          i64.xor
          global.set 3
          global.get 4
          i64.xor
          global.set 4
        end
        i64.reinterpret_f64
        global.get 3
        i64.xor
        global.set 3
        i64.const -2048
      end
      global.set 4
    end
  )
  (func (;3;) (type 0) (param f64) (result funcref)
    global.get 7
    if ;; label = @1
    end
    global.get 7
    i32.const 1
    i32.sub
    global.set 7
    loop (result externref) ;; label = @1
      global.get 7
      if ;; label = @2
      end
      global.get 7
      i32.const 1
      i32.sub
      global.set 7
      ref.null extern
      block (result f32) ;; label = @2
        br 1 (;@1;)
        loop ;; label = @3
          global.get 7
          block ;; label = @4
            memory.size
            br_table 0 (;@4;) 1 (;@3;) 3 (;@1;) 0 (;@4;)
          end
          drop
        end
      end
      i32.reinterpret_f32
      global.get 6
      i32.xor
      global.set 6
    end
    drop
    ref.null func
  )
  (func (;4;) (type 1) (param f64) (result f32)
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
  (func (;5;) (type 2) (param f32) (result f64)
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