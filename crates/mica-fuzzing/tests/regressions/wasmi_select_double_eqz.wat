;; Found by cargo-fuzz (differential target, 2026-11-22), reduced by hand. With x != 0,
;; `select(2047, x, eqz(eqz(x)))` is 2047 (the condition is x != 0), so "f" sets "g" to
;; (2047 == x) = 0 and "h" sets "g" to x ^ 2047. wasmi 2.0.0 answers 1 for "f" (it picks
;; `x` instead of 2047) and 0 for "h" with x = 244; mica answers 0 and 1803 (checked by hand).
(module
  (global $g (export "g") (mut i32) (i32.const 0))
  (func (export "f") (param i32)
    i32.const 2047
    local.get 0
    local.get 0
    i32.eqz
    i32.eqz
    select
    local.get 0
    i32.eq
    global.set $g)
  (func (export "h") (param i32)
    i32.const 2047
    local.get 0
    local.get 0
    i32.eqz
    i32.eqz
    select
    local.get 0
    i32.xor
    global.set $g))
