;; An imported mutable global is the exporter's global itself: a write through any instance is
;; seen by all. Mutability and type must match exactly.

(module $g_owner
  (global (export "counter") (mut i32) (i32.const 10))
  (global (export "five") i32 (i32.const 5))
  (func (export "get") (result i32) (global.get 0))
  (func (export "inc") (global.set 0 (i32.add (global.get 0) (i32.const 1))))
)
(register "g_owner" $g_owner)

(module $g_user
  (import "g_owner" "counter" (global $counter (mut i32)))
  (import "g_owner" "five" (global $five i32))
  ;; A constant expression reading an imported global.
  (global $derived i32 (global.get $five))
  (func (export "get") (result i32) (global.get $counter))
  (func (export "set") (param i32) (global.set $counter (local.get 0)))
  (func (export "derived") (result i32) (global.get $derived))
  ;; Re-exported: still the owner's global.
  (export "counter" (global $counter))
)

(assert_return (get $g_owner "counter") (i32.const 10))
(assert_return (get $g_user "counter") (i32.const 10))
(assert_return (invoke $g_user "get") (i32.const 10))
(invoke $g_owner "inc")
(assert_return (invoke $g_user "get") (i32.const 11))
(invoke $g_user "set" (i32.const 100))
(assert_return (invoke $g_owner "get") (i32.const 100))
(assert_return (get $g_owner "counter") (i32.const 100))
(assert_return (get $g_user "counter") (i32.const 100))
(assert_return (invoke $g_user "derived") (i32.const 5))

;; A re-exported global is still the same object.
(register "g_user" $g_user)
(module $g_third
  (import "g_user" "counter" (global $counter (mut i32)))
  (func (export "set") (param i32) (global.set $counter (local.get 0)))
)
(invoke $g_third "set" (i32.const -3))
(assert_return (invoke $g_owner "get") (i32.const -3))

;; Mutability and value type must match.
(assert_unlinkable (module (import "g_owner" "counter" (global i32))) "incompatible import type")
(assert_unlinkable (module (import "g_owner" "five" (global (mut i32)))) "incompatible import type")
(assert_unlinkable (module (import "g_owner" "counter" (global (mut i64)))) "incompatible import type")
(assert_unlinkable (module (import "g_owner" "five" (global f32))) "incompatible import type")
