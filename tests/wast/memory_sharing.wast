;; An imported memory is the exporter's memory itself: bytes written and pages added by one
;; instance are seen by the other.

(module $mem_owner
  (memory (export "memory") 1 4)
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
)
(register "mem_owner" $mem_owner)

(module $grower
  (import "mem_owner" "memory" (memory 1 4))
  ;; Written at instantiation into the owner's memory.
  (data (i32.const 8) "\2a\00\00\00")
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
)

(assert_return (invoke $mem_owner "load" (i32.const 8)) (i32.const 42))
(assert_return (invoke $mem_owner "size") (i32.const 1))
(assert_trap (invoke $mem_owner "load" (i32.const 65536)) "out of bounds memory access")

(assert_return (invoke $grower "grow" (i32.const 2)) (i32.const 1))
(assert_return (invoke $mem_owner "size") (i32.const 3))
(assert_return (invoke $grower "size") (i32.const 3))
(invoke $grower "store" (i32.const 131072) (i32.const 0x12345678))
(assert_return (invoke $mem_owner "load" (i32.const 131072)) (i32.const 0x12345678))
(assert_return (invoke $mem_owner "load" (i32.const 196604)) (i32.const 0))
(assert_trap (invoke $mem_owner "load" (i32.const 196605)) "out of bounds memory access")

;; The maximum is the owner's: growing past it fails for everyone.
(assert_return (invoke $grower "grow" (i32.const 2)) (i32.const -1))
(assert_return (invoke $mem_owner "size") (i32.const 3))
(assert_return (invoke $grower "grow" (i32.const 1)) (i32.const 3))
(assert_return (invoke $mem_owner "size") (i32.const 4))

;; The host-made spectest memory is shared the same way.
(module $host_mem_a
  (import "spectest" "memory" (memory 1 2))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
)
(module $host_mem_b
  (import "spectest" "memory" (memory 1 2))
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
)
(assert_return (invoke $host_mem_a "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke $host_mem_b "size") (i32.const 2))
(invoke $host_mem_a "store" (i32.const 70000) (i32.const -7))
(assert_return (invoke $host_mem_b "load" (i32.const 70000)) (i32.const -7))
