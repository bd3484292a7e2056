;; Import resolution and matching: `unknown import` for a missing module or field,
;; `incompatible import type` for a wrong kind or type. Memory and table minimums are matched
;; against the provider's *current* size, maximums against its declared maximum.

(module $le
  (memory (export "mem") 1 5)
  (table (export "tab") 2 10 funcref)
  (func (export "f") (param i32))
  (global (export "g") i32 (i32.const 0))
  (func (export "grow_mem") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "grow_tab") (param i32) (result i32)
    (table.grow 0 (ref.null func) (local.get 0)))
)
(register "le" $le)

;; Unknown module or field.
(assert_unlinkable (module (import "le" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "nobody" "f" (func (param i32)))) "unknown import")
(assert_unlinkable (module (import "spectest" "print_i33" (func))) "unknown import")

;; Wrong kind or type.
(assert_unlinkable (module (import "le" "f" (func (param i64)))) "incompatible import type")
(assert_unlinkable (module (import "le" "f" (func (param i32) (result i32)))) "incompatible import type")
(assert_unlinkable (module (import "le" "f" (global i32))) "incompatible import type")
(assert_unlinkable (module (import "le" "g" (func))) "incompatible import type")
(assert_unlinkable (module (import "le" "mem" (table 1 funcref))) "incompatible import type")
(assert_unlinkable (module (import "le" "tab" (memory 1))) "incompatible import type")
(assert_unlinkable (module (import "le" "tab" (table 2 externref))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i64)))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "global_i32" (global (mut i32)))) "incompatible import type")

;; Limits.
(module (import "le" "mem" (memory 1 5)))
(module (import "le" "mem" (memory 0)))
(module (import "le" "mem" (memory 1 6)))
(assert_unlinkable (module (import "le" "mem" (memory 2))) "incompatible import type")
(assert_unlinkable (module (import "le" "mem" (memory 1 4))) "incompatible import type")
(module (import "le" "tab" (table 2 10 funcref)))
(module (import "le" "tab" (table 0 funcref)))
(assert_unlinkable (module (import "le" "tab" (table 3 funcref))) "incompatible import type")
(assert_unlinkable (module (import "le" "tab" (table 2 9 funcref))) "incompatible import type")

;; After growth, the current sizes count.
(assert_return (invoke $le "grow_mem" (i32.const 2)) (i32.const 1))
(module (import "le" "mem" (memory 3)))
(module (import "le" "mem" (memory 3 5)))
(assert_unlinkable (module (import "le" "mem" (memory 4))) "incompatible import type")
(assert_return (invoke $le "grow_tab" (i32.const 3)) (i32.const 2))
(module (import "le" "tab" (table 5 funcref)))
(module (import "le" "tab" (table 5 10 funcref)))
(assert_unlinkable (module (import "le" "tab" (table 6 funcref))) "incompatible import type")

;; A provider without a maximum does not match an import with one.
(module $nomax (memory (export "mem") 1) (table (export "tab") 1 funcref))
(register "nomax" $nomax)
(module (import "nomax" "mem" (memory 1)))
(assert_unlinkable (module (import "nomax" "mem" (memory 1 10))) "incompatible import type")
(assert_unlinkable (module (import "nomax" "tab" (table 1 10 funcref))) "incompatible import type")

;; The host-made spectest memory (1..2 pages) and table (10..20), before and after growth.
(module (import "spectest" "memory" (memory 1 2)))
(module (import "spectest" "table" (table 10 20 funcref)))
(assert_unlinkable (module (import "spectest" "memory" (memory 2))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "memory" (memory 1 1))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "table" (table 10 15 funcref))) "incompatible import type")
(module $spectest_grower
  (import "spectest" "memory" (memory 1 2))
  (import "spectest" "table" (table 10 20 funcref))
  (func (export "grow_mem") (result i32) (memory.grow (i32.const 1)))
  (func (export "grow_tab") (result i32) (table.grow 0 (ref.null func) (i32.const 5)))
)
(assert_return (invoke $spectest_grower "grow_mem") (i32.const 1))
(assert_return (invoke $spectest_grower "grow_tab") (i32.const 10))
(assert_unlinkable (module (import "spectest" "table" (table 16 funcref))) "incompatible import type")
;; A failed link leaves the current module as it was.
(assert_return (invoke "grow_mem") (i32.const -1))
(module (import "spectest" "memory" (memory 2 2)))
(module (import "spectest" "table" (table 15 20 funcref)))
