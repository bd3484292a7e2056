;; The start function runs last, after the element and data segments; when it traps,
;; instantiation fails and what it did to shared objects stays.

(module $s
  (memory (export "memory") 1)
  (global (export "g") (mut i32) (i32.const 0))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
)
(register "s" $s)

;; The start function sees the data segment's byte ('x' = 120).
(module
  (import "s" "memory" (memory 1))
  (import "s" "g" (global $g (mut i32)))
  (data (i32.const 0) "x")
  (func $start
    (global.set $g (i32.add (i32.load8_u (i32.const 0)) (i32.const 1))))
  (start $start))
(assert_return (get $s "g") (i32.const 121))

;; A start function that traps: the module fails, its write stays.
(assert_trap
  (module
    (import "s" "g" (global $g (mut i32)))
    (func $start (global.set $g (i32.const 7)) (unreachable))
    (start $start))
  "unreachable")
(assert_return (get $s "g") (i32.const 7))

;; A start function that traps on memory access.
(assert_trap
  (module
    (import "s" "memory" (memory 1))
    (func $start (i32.store8 (i32.const 1) (i32.const 0x41)) (drop (i32.load (i32.const 65535))))
    (start $start))
  "out of bounds memory access")
(assert_return (invoke $s "load8" (i32.const 1)) (i32.const 0x41))

;; The start function may be an import, and may call host functions.
(module (import "spectest" "print_i32" (func $print (param i32)))
  (func $start (call $print (i32.const 1)))
  (start $start))
(module (import "spectest" "print" (func $print)) (start $print))

;; A module whose start function ran is usable afterwards.
(module $counter
  (global $n (mut i32) (i32.const 0))
  (func $start (global.set $n (i32.add (global.get $n) (i32.const 10))))
  (func (export "n") (result i32) (global.get $n))
  (start $start))
(assert_return (invoke $counter "n") (i32.const 10))
