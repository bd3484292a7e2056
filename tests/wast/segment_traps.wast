;; Instantiation applies active element segments, then active data segments, in order; the
;; first out-of-bounds one traps, and writes already made to imported tables and memories stay
;; (WebAssembly 2.0 semantics). Functions of the failed instance stay callable through them.

(module $seg
  (type $ret_i32 (func (result i32)))
  (memory (export "memory") 1)
  (table (export "table") 10 funcref)
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $ret_i32) (local.get 0)))
)
(register "seg" $seg)

;; Data: the first segment is applied, the second traps, the third is never applied.
(assert_trap
  (module
    (import "seg" "memory" (memory 1))
    (data (i32.const 0) "a")
    (data (i32.const 65536) "b")
    (data (i32.const 1) "c"))
  "out of bounds memory access")
(assert_return (invoke $seg "load8" (i32.const 0)) (i32.const 97))
(assert_return (invoke $seg "load8" (i32.const 1)) (i32.const 0))

;; A segment that straddles the end traps without writing any of its bytes.
(assert_trap
  (module
    (import "seg" "memory" (memory 1))
    (data (i32.const 65535) "xy"))
  "out of bounds memory access")
(assert_return (invoke $seg "load8" (i32.const 65535)) (i32.const 0))

;; Elements come before data: an out-of-bounds element segment traps before any data is
;; written, and the element segments before it stay, pointing into the failed instance.
(assert_trap
  (module
    (import "seg" "memory" (memory 1))
    (import "seg" "table" (table 10 funcref))
    (func $five (result i32) (i32.const 5))
    (elem (i32.const 9) func $five)
    (elem (i32.const 10) func $five)
    (data (i32.const 2) "d"))
  "out of bounds table access")
(assert_return (invoke $seg "call" (i32.const 9)) (i32.const 5))
(assert_return (invoke $seg "load8" (i32.const 2)) (i32.const 0))

;; Elements all in bounds, then a data segment out of bounds: the elements stay.
(assert_trap
  (module
    (import "seg" "memory" (memory 1))
    (import "seg" "table" (table 10 funcref))
    (func $six (result i32) (i32.const 6))
    (elem (i32.const 0) func $six $six)
    (data (i32.const 3) "e")
    (data (i32.const 0x10000) "z"))
  "out of bounds memory access")
(assert_return (invoke $seg "call" (i32.const 0)) (i32.const 6))
(assert_return (invoke $seg "call" (i32.const 1)) (i32.const 6))
(assert_return (invoke $seg "load8" (i32.const 3)) (i32.const 101))

;; Empty segments exactly at the end are in bounds; one past the end is not.
(module
  (import "seg" "memory" (memory 1))
  (import "seg" "table" (table 10 funcref))
  (elem (i32.const 10) func)
  (data (i32.const 65536) ""))
(assert_trap
  (module
    (import "seg" "table" (table 10 funcref))
    (elem (i32.const 11) func))
  "out of bounds table access")
(assert_trap
  (module
    (import "seg" "memory" (memory 1))
    (data (i32.const 65537) ""))
  "out of bounds memory access")
