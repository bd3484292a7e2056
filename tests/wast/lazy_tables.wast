;; Tables whose contents are known at load time are initialised lazily (`store::lazy_table`):
;; nothing is written at instantiation, `call_indirect` resolves slots on first use, and every
;; other access materialises the table first. None of this may be observable.

(module $lazy
  (type $ret (func (result i32)))
  (table $t (export "t") 8 funcref)
  (table $u 4 funcref)
  (func $a (result i32) (i32.const 10))
  (func $b (result i32) (i32.const 20))
  (func $c (result i32) (i32.const 30))
  (func $p (param i32) (result i32) (local.get 0))
  (elem (table $t) (i32.const 1) func $a $b)
  (elem (table $t) (i32.const 2) func $c)        ;; later segments overwrite earlier ones
  (elem (table $t) (i32.const 5) funcref (ref.null func) (ref.func $p))
  (func (export "call") (param i32) (result i32)
    (call_indirect $t (type $ret) (local.get 0)))
  (func (export "call_u") (param i32) (result i32)
    (call_indirect $u (type $ret) (local.get 0)))
  (func (export "is_null") (param i32) (result i32)
    (ref.is_null (table.get $t (local.get 0))))
  (func (export "size") (result i32) (table.size $t))
  (func (export "grow") (param i32) (result i32)
    (table.grow $t (ref.func $a) (local.get 0)))
  (func (export "copy_to_u") (param i32 i32 i32)
    (table.copy $u $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "clear") (param i32)
    (table.set $t (local.get 0) (ref.null func)))
  ;; `$b` is declared only by the lazily applied segment.
  (func (export "ref_b_is_null") (result i32) (ref.is_null (ref.func $b)))
  (func (export "fill_with_c") (param i32 i32)
    (table.fill $t (local.get 0) (ref.func $c) (local.get 1)))
)
(register "lazy" $lazy)

(assert_return (invoke "size") (i32.const 8))
(assert_return (invoke "call" (i32.const 1)) (i32.const 10))
(assert_return (invoke "call" (i32.const 2)) (i32.const 30))
(assert_trap (invoke "call" (i32.const 0)) "uninitialized element")
(assert_trap (invoke "call" (i32.const 5)) "uninitialized element")
(assert_trap (invoke "call" (i32.const 6)) "indirect call type mismatch")
(assert_trap (invoke "call" (i32.const 8)) "undefined element")
(assert_return (invoke "ref_b_is_null") (i32.const 0))
;; Copy resolved and unresolved slots out: markers never leave their table.
(invoke "copy_to_u" (i32.const 0) (i32.const 1) (i32.const 3))
(assert_return (invoke "call_u" (i32.const 0)) (i32.const 10))
(assert_return (invoke "call_u" (i32.const 1)) (i32.const 30))
(assert_trap (invoke "call_u" (i32.const 2)) "uninitialized element")
(assert_return (invoke "is_null" (i32.const 2)) (i32.const 0))
(assert_return (invoke "is_null" (i32.const 4)) (i32.const 1))
(invoke "clear" (i32.const 1))
(assert_trap (invoke "call" (i32.const 1)) "uninitialized element")
(assert_return (invoke "grow" (i32.const 2)) (i32.const 8))
(assert_return (invoke "call" (i32.const 9)) (i32.const 10))

;; A second instance of the same module starts from the segments again.
(module $lazy2
  (type $ret (func (result i32)))
  (table $t 3 funcref)
  (func $a (result i32) (i32.const 1))
  (func $b (result i32) (i32.const 2))
  (elem (table $t) (i32.const 0) func $a $b)
  (func (export "grow_then_call") (param i32) (result i32)
    (drop (table.grow $t (ref.null func) (i32.const 1)))
    (call_indirect $t (result i32) (local.get 0)))
  (func (export "fill_then_call") (param i32) (result i32)
    (table.fill $t (i32.const 1) (ref.func $a) (i32.const 1))
    (call_indirect $t (result i32) (local.get 0)))
)
(assert_return (invoke $lazy2 "grow_then_call" (i32.const 1)) (i32.const 2))
(assert_trap (invoke $lazy2 "grow_then_call" (i32.const 3)) "uninitialized element")
(assert_return (invoke $lazy2 "fill_then_call" (i32.const 1)) (i32.const 1))
(assert_return (invoke $lazy2 "fill_then_call" (i32.const 0)) (i32.const 1))

;; Another module imports the lazy table: calls through it and writes into it.
(module $user
  (type $ret (func (result i32)))
  (import "lazy" "t" (table 8 funcref))
  (func $z (result i32) (i32.const 99))
  (elem (i32.const 0) func $z)
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $ret) (local.get 0)))
)
(assert_return (invoke $user "call" (i32.const 0)) (i32.const 99))
(assert_return (invoke $user "call" (i32.const 2)) (i32.const 30))
(assert_return (invoke $lazy "call" (i32.const 0)) (i32.const 99))

;; A segment that does not fit makes its table eager, and instantiation traps as before.
(assert_trap
  (module
    (table 2 funcref)
    (func $f)
    (elem (i32.const 1) func $f $f))
  "out of bounds table access")

;; Tables filled by the start function before any call_indirect.
(module $started
  (table $t 2 funcref)
  (func $one (result i32) (i32.const 1))
  (elem (table $t) (i32.const 0) func $one)
  (func $start (table.set $t (i32.const 1) (table.get $t (i32.const 0))))
  (start $start)
  (func (export "call") (param i32) (result i32)
    (call_indirect $t (result i32) (local.get 0)))
)
(assert_return (invoke $started "call" (i32.const 1)) (i32.const 1))
