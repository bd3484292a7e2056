;; Found by fuzz-driver (differential, seed 11, input 679967). Inside `block (param i64) (result i64)`,
;; `loop (param i64) (result i64)` turns -4194305 into popcnt(extend8_s(-4194305)) = 64, which is
;; xored into global "\10!\0d" twice around the stack value 0 and once after the block: the global
;; ends at 64 (mica). wasmi 2.0.0 ends at -4194369 = -4194305 ^ 64: it used the loop input as result.
(module
  (type (;0;) (func (param f64) (result f32)))
  (type (;1;) (func (param funcref)))
  (type (;2;) (func (param i64) (result i64)))
  (memory (;0;) 1 14)
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 1000)
  (export "K\u{0}" (func 0))
  (export "\u{10}!\u{d}" (global 0))
  (func (;0;) (type 2) (param i64) (result i64)
    (local f64)
    global.get 4
    if ;; label = @1
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    local.get 1
    local.get 1
    f64.le
    block (result f32) ;; label = @1
      memory.size
      block (result f64) ;; label = @2
        memory.size
        i64.load16_s offset=15645
        block (type 2) (param i64) (result i64) ;; label = @3
          local.tee 0
          local.get 0
          i64.const -4194305
          loop (type 2) (param i64) (result i64) ;; label = @4
            global.get 4
            if ;; label = @5
            end
            global.get 4
            i32.const 1
            i32.sub
            global.set 4
            i64.extend8_s
            i64.popcnt
            loop ;; label = @5
              global.get 4
              if ;; label = @6
              end
              global.get 4
              i32.const 1
              i32.sub
              global.set 4
            end
          end
          global.get 0
          i64.xor
          global.set 0
          global.get 0
          i64.xor
          global.set 0
        end
        global.get 0
        i64.xor
        global.set 0
        f64.const 0x1.0008852ce5f35p-679 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003987396307204863;)
      end
      i64.reinterpret_f64
      global.get 1
      i64.xor
      global.set 1
      global.get 2
      i32.xor
      global.set 2
      f32.const -0x1.fffffep+112 (;=-10384593000000000000000000000000000;)
    end
    i32.reinterpret_f32
    global.get 3
    i32.xor
    global.set 3
    global.get 2
    i32.xor
    global.set 2
    i64.const -7909693851480136352
  )
)