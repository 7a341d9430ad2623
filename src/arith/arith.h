/*
 * arith.h — arithmetic over symbolic integers: constant folding, a canonical
 * simplifier, interval bounds and a prover.  Everything that rewrites index
 * expressions (split/fuse, buffer flattening, shape lowering) trusts these
 * answers, so every rule here is sound: when a rewrite cannot be shown to be
 * valid it is not done.
 *
 * A tutorial in six lines:
 *   Analyzer *az = arith_new(cx);
 *   arith_bind(az, i, ir_int(cx, DT_INT32, 0), ir_int(cx, DT_INT32, 64));  // 0 <= i < 64
 *   Node *e = arith_simplify(az, expr);            // e.g. (i // 16) * 16 + i % 16  ->  i
 *   IntBound b = arith_const_bound(az, i);         // {0, 63}
 *   bool ok = arith_can_prove(az, lt);             // i < 64  ->  true
 *   arith_free(az);
 *
 * The analyzer knows:
 *   - variable ranges from arith_bind (constant or symbolic bounds, the
 *     latter bounded recursively); a variable with no range is bounded only by
 *     its dtype; a SizeVar is known to be >= 0;
 *   - facts from arith_assume, which live until the arith_pop that matches
 *     the arith_push before them (binds made inside a scope go too).
 *
 * Semantics and assumptions (the same as Apache TVM's analyzer):
 *   - Div/Mod truncate (C); FloorDiv/FloorMod floor (Python).
 *   - Symbolic index arithmetic is assumed not to overflow its dtype (so
 *     `(x + 1) - x` is 1); constants are folded exactly: int8/16/32 results
 *     wrap to the dtype's width, an int64 (or uint64) result that does not fit
 *     is left unfolded, and so are division by zero and INT_MIN / -1.
 *   - Nothing is assumed about a symbolic divisor: `n * m // m` becomes n only
 *     when m is known to be nonzero (a range or a fact saying m > 0 or m < 0).
 *   - Division by a constant is split only when it then disappears:
 *     `(i * 16 + j) // 16` is i when 0 <= j < 16 is known and stays as it is
 *     otherwise (the modulo keeps its non-multiple terms: `j % 16`).
 *   - Canonical simplification applies to scalar signed integers; uint, bool,
 *     float and vector expressions get constant folding and their children
 *     simplified.
 *
 * Canonical form (deterministic, so equal expressions come out identical):
 * a sum of products, terms in a fixed order (variables by name), positive
 * terms first, then subtracted ones, the constant last: `i * 16 + j - k - 3`;
 * a product is its factors in order with the coefficient last: `x * y * 4`;
 * comparisons keep constants on the right: `x + 2 < 5` becomes `x < 3`,
 * `x - y == 0` becomes `x == y`; Min/Max operands are flattened, sorted and
 * de-duplicated; And/Or likewise, each operand simplified under the others.
 */
#ifndef STRATA_ARITH_H
#define STRATA_ARITH_H

#include "../ir/ir.h"

typedef struct Analyzer Analyzer;

/* A closed interval [min, max]; ARITH_NEG_INF / ARITH_POS_INF stand for an
 * unbounded side (every computation saturates to them instead of wrapping). */
typedef struct IntBound {
  int64_t min, max;
} IntBound;

#define ARITH_NEG_INF INT64_MIN
#define ARITH_POS_INF INT64_MAX

/* An analyzer over the expressions of cx (the nodes it builds live there). */
Analyzer *arith_new(IrCtx *cx);
void arith_free(Analyzer *az);

/* Declare min <= var < min + extent.  min and extent are integer expressions
 * (constants or symbolic); a later bind of the same var replaces the range
 * (until the enclosing scope is popped). */
void arith_bind(Analyzer *az, Node *var, Node *min, Node *extent);

/* Scopes: arith_push opens one; arith_pop drops every fact and bind made
 * since the matching push.  Pops beyond the pushes are ignored. */
void arith_push(Analyzer *az);
void arith_pop(Analyzer *az);

/* Record a boolean fact.  Comparisons of integer expressions (and And-chains
 * of them) refine bounds: `i < n`, `x * 2 + y >= 3`, `k == 4`.  Facts that are
 * not understood are kept only for exact matching in arith_can_prove. */
void arith_assume(Analyzer *az, Node *cond);

/* Fold one node whose children are already constants, if that is exact and
 * safe (see semantics above); otherwise return e.  Every PrimExpr kind over
 * int/uint/bool immediates, and +,-,*,/ and comparisons of float32/float64
 * immediates.  Needs no analyzer. */
Node *arith_const_fold(IrCtx *cx, Node *e);

/* Simplify e to an equivalent expression in canonical form.  Returns e
 * itself when nothing changes (expressions are interned). */
Node *arith_simplify(Analyzer *az, Node *e);

/* Interval bound of an integer (or bool) expression; any expression kind
 * (unknown ones get their dtype's range).  Never overflows. */
IntBound arith_const_bound(Analyzer *az, Node *e);

/* Symbolic bounds: simplified expressions lo, hi with lo <= e <= hi for every
 * allowed value, obtained by replacing, in each term of e's canonical form,
 * a bound variable by the end of its range that bounds the term (when the
 * term's other factors have a known sign; also through division by a
 * positive constant).  Where nothing can be replaced, that side is e
 * (simplified) itself. */
void arith_symbolic_bound(Analyzer *az, Node *e, Node **lo, Node **hi);

/* True only if cond (a bool expression) holds for every value of the
 * variables allowed by the binds and facts.  False means "not proven". */
bool arith_can_prove(Analyzer *az, Node *cond);
/* True only if a == b can be proven (same dtype family). */
bool arith_can_prove_equal(Analyzer *az, Node *a, Node *b);

#endif
