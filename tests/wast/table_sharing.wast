;; An imported table is the exporter's table itself: what one module writes into it (by an
;; active element segment or `table.set`) another calls through, and growth is seen by all.

(module $owner
  (type $ret_i32 (func (result i32)))
  (table (export "table") 4 funcref)
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $ret_i32) (local.get 0)))
  (func (export "size") (result i32) (table.size 0))
)
(register "owner" $owner)

(module $writer
  (import "owner" "table" (table 4 funcref))
  (func $forty_two (result i32) (i32.const 42))
  (func $seven (result i32) (i32.const 7))
  (func $takes_param (param i32) (result i32) (local.get 0))
  ;; Written at instantiation into the owner's table.
  (elem (i32.const 1) func $forty_two)
  (elem declare func $seven $takes_param)
  (func (export "set") (param i32)
    (table.set 0 (local.get 0) (ref.func $seven)))
  (func (export "set_wrong_type") (param i32)
    (table.set 0 (local.get 0) (ref.func $takes_param)))
  (func (export "grow") (param i32) (result i32)
    (table.grow 0 (ref.null func) (local.get 0)))
  (func (export "call") (param i32) (result i32)
    (call_indirect (result i32) (local.get 0)))
)

(assert_return (invoke $owner "call" (i32.const 1)) (i32.const 42))
(assert_trap (invoke $owner "call" (i32.const 2)) "uninitialized element")
(invoke $writer "set" (i32.const 2))
(assert_return (invoke $owner "call" (i32.const 2)) (i32.const 7))
(assert_return (invoke $writer "call" (i32.const 2)) (i32.const 7))

;; Function types are compared across modules by identity of structure.
(invoke $writer "set_wrong_type" (i32.const 3))
(assert_trap (invoke $owner "call" (i32.const 3)) "indirect call type mismatch")
(assert_trap (invoke $owner "call" (i32.const 4)) "undefined element")

;; Growth by the importer is seen by the owner.
(assert_return (invoke $writer "grow" (i32.const 2)) (i32.const 4))
(assert_return (invoke $owner "size") (i32.const 6))
(assert_trap (invoke $owner "call" (i32.const 5)) "uninitialized element")
(invoke $writer "set" (i32.const 5))
(assert_return (invoke $owner "call" (i32.const 5)) (i32.const 7))

;; A third module sees the same table, written by both.
(module $reader
  (import "owner" "table" (table 6 funcref))
  (func (export "call") (param i32) (result i32)
    (call_indirect (result i32) (local.get 0)))
)
(assert_return (invoke $reader "call" (i32.const 1)) (i32.const 42))
(assert_return (invoke $reader "call" (i32.const 5)) (i32.const 7))
