/*
 * op_schema.c — the Relax operator table (see op_schema.h) and the little
 * machinery around it: default values, the conversions TVM's Python API and
 * C++ op constructors apply to attributes, and the Markdown rendering kept in
 * docs/ops.md.
 *
 * Sources: Apache TVM v0.23, python/tvm/relax/op/ (argument order, defaults,
 * scalar-to-list conversions), src/relax/op/ (what the constructors store:
 * out_layout defaults to the data layout, a None dtype is void, paddings are
 * completed), include/tvm/relax/attrs/ (the fields' reflection order, which is
 * the order src/script/printer/relax/call.cc prints them in: every field,
 * defaults included).
 */
#include "relax/op_schema.h"
#include "relax/op_infer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- attribute groups, one per TVM attrs node (and default variant) ------ */

#define A(name, kind, dflt) {name, RX_ATTR_##kind, dflt, 0}
#define AR(name, dflt, rep) {name, RX_ATTR_INTS, dflt, rep}
#define AO(name, rep) {name, RX_ATTR_OPT_INTS, "None", rep}

static const RxAttrSpec INIT_REQ[] = {A("dtype", DTYPE, NULL)};
static const RxAttrSpec INIT_OPT[] = {A("dtype", DTYPE, "\"void\"")};
static const RxAttrSpec ASTYPE[] = {A("dtype", DTYPE, NULL)};
static const RxAttrSpec MATMUL[] = {A("out_dtype", DTYPE, "\"void\"")};
static const RxAttrSpec EINSUM[] = {A("subscripts", STR, NULL)};
static const RxAttrSpec STAT[] = {A("axis", OPT_INTS, "None"), A("keepdims", BOOL, "False")};
static const RxAttrSpec ARGMAX[] = {A("axis", OPT_INT, "None"), A("keepdims", BOOL, "False")};
static const RxAttrSpec SCAN[] = {A("axis", OPT_INT, "None"), A("dtype", DTYPE, "\"void\""),
                                  A("exclusive", BOOL, "False")};
static const RxAttrSpec SORT[] = {A("axis", INT, "-1"), A("descending", BOOL, "False")};
static const RxAttrSpec ARGSORT[] = {A("axis", INT, "-1"), A("descending", BOOL, "False"),
                                     A("dtype", DTYPE, "\"int32\"")};
static const RxAttrSpec TOPK[] = {A("k", INT, "1"), A("axis", INT, "-1"), A("ret_type", STR, "\"both\""),
                                  A("largest", BOOL, "True"), A("dtype", DTYPE, "\"int32\"")};
static const RxAttrSpec TAKE[] = {A("axis", OPT_INT, "None"), A("mode", STR, "\"fast\"")};
static const RxAttrSpec SSLICE[] = {A("assume_inbound", BOOL, "False")};
static const RxAttrSpec CONCAT[] = {A("axis", OPT_INT, "0")};
static const RxAttrSpec EXPAND[] = {A("axis", INTS, NULL)};
static const RxAttrSpec PERMUTE[] = {A("axes", OPT_INTS, "None")};
static const RxAttrSpec SPLIT[] = {A("indices_or_sections", ANY, NULL), A("axis", INT, "0")};
static const RxAttrSpec SQUEEZE[] = {A("axis", OPT_INTS, "None")};
static const RxAttrSpec STACK[] = {A("axis", OPT_INT, "0")};
static const RxAttrSpec REPEAT[] = {A("repeats", INT, NULL), A("axis", OPT_INT, "None")};
static const RxAttrSpec TILE[] = {A("repeats", INTS, NULL)};
static const RxAttrSpec FLIP[] = {A("axis", INT, NULL)};
static const RxAttrSpec GATHER_EL[] = {A("axis", INT, "0")};
static const RxAttrSpec GATHER_ND[] = {A("batch_dims", INT, "0")};
static const RxAttrSpec SCATTER_EL[] = {A("axis", INT, "0"), A("reduction", STR, "\"update\"")};
static const RxAttrSpec SCATTER_ND[] = {A("reduction", STR, "\"update\"")};
static const RxAttrSpec INDEX_PUT[] = {A("accumulate", BOOL, "False")};
static const RxAttrSpec MESHGRID[] = {A("indexing", STR, "\"ij\"")};
static const RxAttrSpec ONE_HOT[] = {A("depth", INT, NULL), A("axis", INT, "-1")};
static const RxAttrSpec CONV1D[] = {
    AR("strides", "[1]", 1), A("padding", PAD1, "[0, 0]"), AR("dilation", "[1]", 1), A("groups", INT, "1"),
    A("data_layout", STR, "\"NCW\""), A("kernel_layout", STR, "\"OIW\""), A("out_layout", STR, "@data_layout"),
    A("out_dtype", DTYPE, "\"void\"")};
static const RxAttrSpec CONV2D[] = {
    AR("strides", "[1, 1]", 2), A("padding", PAD2, "[0, 0, 0, 0]"), AR("dilation", "[1, 1]", 2),
    A("groups", INT, "1"), A("data_layout", STR, "\"NCHW\""), A("kernel_layout", STR, "\"OIHW\""),
    A("out_layout", STR, "@data_layout"), A("out_dtype", DTYPE, "\"void\"")};
static const RxAttrSpec CONV3D[] = {
    AR("strides", "[1, 1, 1]", 3), AR("padding", "[0, 0, 0, 0, 0, 0]", 6), AR("dilation", "[1, 1, 1]", 3),
    A("groups", INT, "1"), A("data_layout", STR, "\"NCDHW\""), A("kernel_layout", STR, "\"OIDHW\""),
    A("out_layout", STR, "@data_layout"), A("out_dtype", DTYPE, "\"void\"")};
static const RxAttrSpec CONV1D_T[] = {
    AR("strides", "[1]", 1), A("padding", PAD1, "[0, 0]"), AR("output_padding", "[0]", 1),
    AR("dilation", "[1]", 1), A("groups", INT, "1"), A("data_layout", STR, "\"NCW\""),
    A("kernel_layout", STR, "\"IOW\""), A("out_layout", STR, "@data_layout"), A("out_dtype", DTYPE, "\"void\"")};
static const RxAttrSpec CONV2D_T[] = {
    AR("strides", "[1, 1]", 2), A("padding", PAD2, "[0, 0, 0, 0]"), AR("output_padding", "[0, 0]", 2),
    AR("dilation", "[1, 1]", 2), A("groups", INT, "1"), A("data_layout", STR, "\"NCHW\""),
    A("kernel_layout", STR, "\"IOHW\""), A("out_layout", STR, "@data_layout"), A("out_dtype", DTYPE, "\"void\"")};
#define POOL(NAME, ND, ONES, PADSPEC, LAYOUT, INCL)                                                  \
  static const RxAttrSpec NAME[] = {AR("pool_size", ONES, ND),  AR("strides", ONES, ND),              \
                                    AR("dilation", ONES, ND),   PADSPEC,                              \
                                    A("ceil_mode", BOOL, "False"), A("count_include_pad", BOOL, INCL), \
                                    A("layout", STR, LAYOUT),   A("out_layout", STR, "@layout")}
POOL(MAXPOOL1D, 1, "[1]", A("padding", PAD1, "[0, 0]"), "\"NCW\"", "False");
POOL(AVGPOOL1D, 1, "[1]", A("padding", PAD1, "[0, 0]"), "\"NCW\"", "True");
POOL(POOL2D, 2, "[1, 1]", A("padding", PAD2, "[0, 0, 0, 0]"), "\"NCHW\"", "False");
POOL(MAXPOOL3D, 3, "[1, 1, 1]", AR("padding", "[0, 0, 0, 0, 0, 0]", 6), "\"NCDHW\"", "False");
POOL(AVGPOOL3D, 3, "[1, 1, 1]", AR("padding", "[0, 0, 0, 0, 0, 0]", 6), "\"NCDHW\"", "True");
#undef POOL
static const char POOL_PY[] = "pool_size strides padding dilation ceil_mode count_include_pad layout out_layout";
static const RxAttrSpec ADAPT1D[] = {AO("output_size", 1), A("layout", STR, "\"NCW\""),
                                     A("out_layout", STR, "@layout")};
static const RxAttrSpec ADAPT2D[] = {AO("output_size", 2), A("layout", STR, "\"NCHW\""),
                                     A("out_layout", STR, "@layout")};
static const RxAttrSpec ADAPT3D[] = {AO("output_size", 3), A("layout", STR, "\"NCDHW\""),
                                     A("out_layout", STR, "@layout")};
static const RxAttrSpec SOFTMAX[] = {A("axis", INT, "-1")};
static const RxAttrSpec LEAKY[] = {A("alpha", FLOAT, "0.01")};
static const RxAttrSpec SOFTPLUS[] = {A("beta", FLOAT, "1.0"), A("threshold", FLOAT, "20.0")};
static const RxAttrSpec PRELU[] = {A("axis", INT, "1")};
#define EPS "1.0000000000000001e-05"
static const RxAttrSpec BATCH_NORM[] = {A("axis", INT, NULL),        A("epsilon", FLOAT, EPS),
                                        A("center", BOOL, "True"),   A("scale", BOOL, "True"),
                                        A("momentum", FLOAT, "0.10000000000000001"), A("training", BOOL, "True")};
static const RxAttrSpec LAYER_NORM[] = {A("axes", INTS, NULL), A("epsilon", FLOAT, EPS), A("center", BOOL, "True"),
                                        A("scale", BOOL, "True")};
static const RxAttrSpec GROUP_NORM[] = {A("num_groups", INT, NULL), A("channel_axis", INT, NULL),
                                        A("axes", INTS, NULL),      A("epsilon", FLOAT, EPS),
                                        A("center", BOOL, "True"),  A("scale", BOOL, "True")};
static const RxAttrSpec INSTANCE_NORM[] = {A("channel_axis", INT, NULL), A("axes", INTS, NULL),
                                           A("epsilon", FLOAT, EPS), A("center", BOOL, "True"),
                                           A("scale", BOOL, "True")};
static const RxAttrSpec RMS_NORM[] = {A("axes", INTS, "[-1]"), A("epsilon", FLOAT, EPS)};
static const RxAttrSpec DROPOUT[] = {A("rate", FLOAT, "0.5")};
static const RxAttrSpec PAD[] = {A("pad_width", INTS, NULL), A("pad_value", FLOAT, "0.0"),
                                 A("pad_mode", STR, "\"constant\"")};
static const RxAttrSpec PIXEL_SHUFFLE[] = {A("upscale_factor", INT, NULL)};
static const RxAttrSpec NLL_LOSS[] = {A("reduction", STR, "\"mean\""), A("ignore_index", INT, "-100")};
static const RxAttrSpec ATTENTION[] = {A("scale", FLOAT, "None"), A("causal_mask", STR, "None"),
                                       A("window_size", OPT_INT, "None")};
static const RxAttrSpec RESIZE2D[] = {
    A("roi", FLOATS, "[0.0, 0.0, 0.0, 0.0]"), A("layout", STR, "\"NCHW\""), A("method", STR, "\"linear\""),
    A("coordinate_transformation_mode", STR, "\"half_pixel\""), A("rounding_method", STR, "\"round\""),
    A("cubic_alpha", FLOAT, "-0.75"), A("cubic_exclude", INT, "0"), A("extrapolation_value", FLOAT, "0.0"),
    A("out_dtype", DTYPE, "\"void\"")};
static const RxAttrSpec GRID_SAMPLE[] = {A("method", STR, "\"bilinear\""), A("layout", STR, "\"NCHW\""),
                                         A("padding_mode", STR, "\"zeros\""), A("align_corners", BOOL, "False")};
static const RxAttrSpec QUANTIZE[] = {A("out_dtype", DTYPE, "\"int8\""), A("axis", INT, "-1")};
static const RxAttrSpec DEQUANTIZE[] = {A("out_dtype", DTYPE, "\"float32\""), A("axis", INT, "-1")};
static const RxAttrSpec MULTINOMIAL[] = {A("dtype", DTYPE, "\"int64\"")};
static const RxAttrSpec WRAP_PARAM[] = {A("dtype", DTYPE, "\"float32\"")};
#undef A
#undef AR
#undef AO
#undef EPS

/* ---- the table ------------------------------------------------------------ */

#define ST "parse/print"
#define OP0(name, args) {name, "relax." name, args, NULL, NULL, 0, NULL, ST}
#define OPA(name, args, type, attrs) {name, "relax." name, args, type, attrs, (int32_t)(sizeof attrs / sizeof *attrs), NULL, ST}
#define OPP(name, args, type, attrs, py) {name, "relax." name, args, type, attrs, (int32_t)(sizeof attrs / sizeof *attrs), py, ST}
#define UN(name) OP0(name, "x")
#define BIN(name) OP0(name, "x1, x2")

static const RxOpSchema OPS[] = {
    /* unary elementwise (src/relax/op/tensor/unary.cc) */
    UN("abs"), UN("acos"), UN("acosh"), UN("asin"), UN("asinh"), UN("atan"), UN("atanh"), UN("bitwise_not"),
    UN("ceil"), UN("cos"), UN("cosh"), UN("erf"), UN("exp"), UN("floor"), UN("isfinite"), UN("isinf"),
    UN("isnan"), UN("log"), UN("logical_not"), UN("negative"), UN("round"), UN("rsqrt"), UN("sigmoid"),
    UN("sign"), UN("sin"), UN("sinh"), UN("sqrt"), UN("square"), UN("tan"), UN("tanh"), UN("trunc"),
    OP0("clip", "x, min, max"),
    /* binary elementwise, with broadcasting (binary.cc) */
    BIN("add"), BIN("subtract"), BIN("multiply"), BIN("divide"), BIN("floor_divide"), BIN("power"),
    BIN("log_add_exp"), BIN("maximum"), BIN("minimum"), BIN("mod"), BIN("floor_mod"), BIN("equal"),
    BIN("not_equal"), BIN("less"), BIN("less_equal"), BIN("greater"), BIN("greater_equal"),
    BIN("logical_and"), BIN("logical_or"), BIN("logical_xor"), BIN("bitwise_and"), BIN("bitwise_or"),
    BIN("bitwise_xor"), BIN("left_shift"), BIN("right_shift"),
    OP0("ewise_fma", "x1, x2, x3"), OP0("where", "condition, x1, x2"),
    /* creation, data type */
    OPA("full", "shape:shape, fill_value", "InitAttrs", INIT_OPT),
    OPA("full_like", "x, fill_value", "InitAttrs", INIT_OPT),
    OPA("zeros", "shape:shape", "InitAttrs", INIT_REQ), OPA("ones", "shape:shape", "InitAttrs", INIT_REQ),
    OPA("zeros_like", "x", "InitAttrs", INIT_OPT), OPA("ones_like", "x", "InitAttrs", INIT_OPT),
    OPA("arange", "start, end?, step=1", "InitAttrs", INIT_OPT),
    OPA("eye_like", "x, k=0", "InitAttrs", INIT_OPT),
    OP0("tril", "x, k=0"), OP0("triu", "x, k=0"),
    OPA("astype", "x", "AstypeAttrs", ASTYPE), OPA("wrap_param", "data", "WrapParamAttrs", WRAP_PARAM),
    /* linear algebra */
    OPA("matmul", "x1, x2", "MatmulAttrs", MATMUL), OPA("einsum", "operands", "EinsumAttrs", EINSUM),
    OP0("outer", "x1, x2"),
    /* statistical, search, sorting */
    OPA("sum", "x", "StatisticalAttrs", STAT), OPA("mean", "x", "StatisticalAttrs", STAT),
    OPA("max", "x", "StatisticalAttrs", STAT), OPA("min", "x", "StatisticalAttrs", STAT),
    OPA("prod", "x", "StatisticalAttrs", STAT), OPA("std", "x", "StatisticalAttrs", STAT),
    OPA("variance", "x", "StatisticalAttrs", STAT), OPA("median", "x", "StatisticalAttrs", STAT),
    OPA("cumsum", "data", "ScanopAttrs", SCAN), OPA("cumprod", "data", "ScanopAttrs", SCAN),
    OPA("argmax", "x", "ArgmaxArgminAttrs", ARGMAX), OPA("argmin", "x", "ArgmaxArgminAttrs", ARGMAX),
    OPA("sort", "x", "SortAttrs", SORT), OPA("argsort", "data", "ArgsortAttrs", ARGSORT),
    OPA("topk", "data", "TopKAttrs", TOPK),
    OP0("nonzero", "x"),
    /* indexing and manipulation */
    OPA("take", "x, indices", "TakeAttrs", TAKE),
    OPA("strided_slice", "x, axes, begin, end, strides?", "StridedSliceAttrs", SSLICE),
    OP0("dynamic_strided_slice", "x, begin, end, strides"),
    OP0("broadcast_to", "x, shape:shape"), OPA("concat", "tensors", "ConcatAttrs", CONCAT),
    OPA("expand_dims", "x", "ExpandDimsAttrs", EXPAND), OP0("flatten", "x"),
    OPA("permute_dims", "x", "PermuteDimsAttrs", PERMUTE), OP0("reshape", "x, shape:shape"),
    OPA("split", "x", "SplitAttrs", SPLIT), OPA("squeeze", "x", "SqueezeAttrs", SQUEEZE),
    OPA("stack", "tensors", "StackAttrs", STACK), OP0("collapse_sum_like", "data, collapse_target"),
    OP0("collapse_sum_to", "data, shape:shape"), OPA("repeat", "data", "RepeatAttrs", REPEAT),
    OPA("tile", "data", "TileAttrs", TILE), OPA("flip", "data", "FlipAttrs", FLIP),
    OPA("gather_elements", "data, indices", "GatherElementsAttrs", GATHER_EL),
    OPA("gather_nd", "data, indices", "GatherNDAttrs", GATHER_ND),
    OPA("scatter_elements", "data, indices, updates", "ScatterElementsAttrs", SCATTER_EL),
    OPA("scatter_nd", "data, indices, updates", "ScatterNDAttrs", SCATTER_ND),
    OPA("index_put", "data, indices, values", "IndexPutAttrs", INDEX_PUT),
    OP0("index_tensor", "data, indices"), OPA("meshgrid", "tensors", "MeshgridAttrs", MESHGRID),
    OPA("one_hot", "indices, on_value, off_value", "OneHotAttrs", ONE_HOT),
    OPA("quantize", "data, scale, zero_point", "QuantizeAttrs", QUANTIZE),
    OPA("dequantize", "data, scale, zero_point", "QuantizeAttrs", DEQUANTIZE),
    OPA("multinomial_from_uniform", "prob, uniform_sample, sample_indices", "MultinomialFromUniformAttrs",
        MULTINOMIAL),
    /* neural network (src/relax/op/nn) */
    OPA("nn.conv1d", "data, weight", "Conv1DAttrs", CONV1D), OPA("nn.conv2d", "data, weight", "Conv2DAttrs", CONV2D),
    OPA("nn.conv3d", "data, weight", "Conv3DAttrs", CONV3D),
    OPA("nn.conv1d_transpose", "data, weight", "Conv1DTransposeAttrs", CONV1D_T),
    OPA("nn.conv2d_transpose", "data, weight", "Conv2DTransposeAttrs", CONV2D_T),
    OPP("nn.max_pool1d", "data", "Pool1DAttrs", MAXPOOL1D, POOL_PY),
    OPP("nn.max_pool2d", "data", "Pool2DAttrs", POOL2D, POOL_PY),
    OPP("nn.max_pool3d", "data", "Pool3DAttrs", MAXPOOL3D, POOL_PY),
    OPP("nn.avg_pool1d", "data", "Pool1DAttrs", AVGPOOL1D, POOL_PY),
    OPP("nn.avg_pool2d", "data", "Pool2DAttrs", POOL2D, POOL_PY),
    OPP("nn.avg_pool3d", "data", "Pool3DAttrs", AVGPOOL3D, POOL_PY),
    OPA("nn.adaptive_avg_pool1d", "data", "AdaptivePool1DAttrs", ADAPT1D),
    OPA("nn.adaptive_avg_pool2d", "data", "AdaptivePool2DAttrs", ADAPT2D),
    OPA("nn.adaptive_avg_pool3d", "data", "AdaptivePool3DAttrs", ADAPT3D),
    OP0("nn.relu", "data"), OP0("nn.gelu", "data"), OP0("nn.gelu_tanh", "data"), OP0("nn.selu", "data"),
    OP0("nn.silu", "data"), OPA("nn.leakyrelu", "data", "LeakyReluAttrs", LEAKY),
    OPA("nn.softplus", "data", "SoftplusAttrs", SOFTPLUS), OPA("nn.prelu", "data, alpha", "PReluAttrs", PRELU),
    OPA("nn.softmax", "data", "SoftmaxAttrs", SOFTMAX), OPA("nn.log_softmax", "data", "SoftmaxAttrs", SOFTMAX),
    OPA("nn.batch_norm", "data, gamma, beta, moving_mean, moving_var", "BatchNormAttrs", BATCH_NORM),
    OPA("nn.layer_norm", "data, gamma, beta", "LayerNormAttrs", LAYER_NORM),
    OPA("nn.group_norm", "data, gamma, beta", "GroupNormAttrs", GROUP_NORM),
    OPA("nn.instance_norm", "data, gamma, beta", "InstanceNormAttrs", INSTANCE_NORM),
    OPA("nn.rms_norm", "data, weight", "RMSNormAttrs", RMS_NORM),
    OPA("nn.dropout", "data", "DropoutAttrs", DROPOUT),
    OPP("nn.pad", "data", "PadAttrs", PAD, "pad_width pad_mode pad_value"),
    OPA("nn.pixel_shuffle", "data", "PixelShuffleAttrs", PIXEL_SHUFFLE),
    OP0("nn.cross_entropy_with_logits", "predictions, labels"),
    OPA("nn.nll_loss", "predictions, targets, weights?", "NLLLossAttrs", NLL_LOSS),
    OPA("nn.attention", "query, key, value, bias?", "AttentionAttrs", ATTENTION),
    /* image */
    OPA("image.resize2d", "data, size:shape", "Resize2DAttrs", RESIZE2D),
    OPA("image.grid_sample", "data, grid", "GridSampleAttrs", GRID_SAMPLE),
    /* base ops without attributes (src/relax/op/op.cc) */
    OP0("shape_of", "expr"), OP0("null_value", ""), OP0("invoke_closure", "closure, args"),
    OP0("make_closure", "func, args"), OP0("call_builtin_with_ctx", "func, args"),
    OP0("stop_lift_params", "x"),
};

#undef ST
#undef OP0
#undef OPA
#undef OPP
#undef UN
#undef BIN

const char *rx_op_status(const RxOpSchema *s) {
  return rx_op_has_infer(s->name) ? "parse/print, infer" : s->status;
}

int32_t rx_op_count(void) { return (int32_t)(sizeof OPS / sizeof *OPS); }

const RxOpSchema *rx_op_at(int32_t i) { return i >= 0 && i < rx_op_count() ? &OPS[i] : NULL; }

const RxOpSchema *rx_op_find(const char *name) {
  for (int32_t i = 0; i < rx_op_count(); i++)
    if (!strcmp(OPS[i].name, name)) return &OPS[i];
  return NULL;
}

const RxOpSchema *rx_op_find_op(const char *op) {
  if (strncmp(op, "relax.", 6)) return NULL;
  return rx_op_find(op + 6);
}

/* ---- arguments and attribute names ------------------------------------------ */

int32_t rx_op_args(const RxOpSchema *s, RxArgSpec *out, int32_t *nreq) {
  int32_t n = 0;
  *nreq = 0;
  for (const char *p = s->args; *p && n < RX_OP_MAX_ARGS;) {
    while (*p == ' ' || *p == ',') p++;
    if (!*p) break;
    RxArgSpec *a = &out[n++];
    memset(a, 0, sizeof *a);
    size_t len = 0;
    while (isalnum((unsigned char)*p) || *p == '_') {
      if (len + 1 < sizeof a->name) a->name[len++] = *p;
      p++;
    }
    for (; *p && *p != ','; p++) {
      if (*p == '?') a->optional = true;
      if (*p == ':' && !strncmp(p + 1, "shape", 5)) a->shape = true;
      if (*p == '=') {
        a->optional = a->has_default = true;
        a->dflt = strtoll(p + 1, NULL, 10);
      }
    }
    if (!a->optional) (*nreq)++;
  }
  return n;
}

int32_t rx_op_attr_index(const RxOpSchema *s, const char *name) {
  for (int32_t i = 0; i < s->nattrs; i++)
    if (!strcmp(s->attrs[i].name, name)) return i;
  return -1;
}

int32_t rx_op_attr_at_pos(const RxOpSchema *s, int32_t pos) {
  if (pos < 0 || pos >= s->nattrs) return -1;
  if (!s->py_order) return pos;
  const char *p = s->py_order;
  for (int32_t k = 0; k < pos && p; k++) {
    p = strchr(p, ' ');
    if (p) p++;
  }
  if (!p) return -1;
  char name[64];
  size_t len = strcspn(p, " ");
  if (len >= sizeof name) return -1;
  memcpy(name, p, len);
  name[len] = 0;
  return rx_op_attr_index(s, name);
}

void rx_op_attr_names(const RxOpSchema *s, StrBuf *out) {
  for (int32_t i = 0; i < s->nattrs; i++) sb_printf(out, "%s%s", i ? ", " : "", s->attrs[i].name);
}

/* ---- values ----------------------------------------------------------------- */

static Node *array_of(IrCtx *cx, Node **items, int32_t n) {
  Node *a = ir_alloc(cx, NK_ARRAY, span_none());
  IR_AS(IrArray, a)->items = ir_list(cx, items, n);
  return ir_finish(cx, a);
}

/* A default text: None, True, False, an int, a float, "str" or a flat list. */
static Node *literal(IrCtx *cx, const char **pp, bool *ok) {
  const char *p = *pp;
  Node *v = NULL;
  if (!strncmp(p, "None", 4)) {
    p += 4;
  } else if (!strncmp(p, "True", 4) || !strncmp(p, "False", 5)) {
    v = ir_bool(cx, *p == 'T');
    p += *p == 'T' ? 4 : 5;
  } else if (*p == '"') {
    const char *end = strchr(p + 1, '"');
    char buf[64];
    size_t len = end ? (size_t)(end - p - 1) : 0;
    if (!end || len >= sizeof buf) {
      *ok = false;
      return NULL;
    }
    memcpy(buf, p + 1, len);
    buf[len] = 0;
    v = ir_string(cx, buf);
    p = end + 1;
  } else if (*p == '[') {
    Node *items[16];
    int32_t n = 0;
    p++;
    while (*p && *p != ']' && n < 16 && *ok) {
      items[n++] = literal(cx, &p, ok);
      while (*p == ',' || *p == ' ') p++;
    }
    if (*p != ']') *ok = false;
    else p++;
    v = array_of(cx, items, n);
  } else {
    char *end;
    size_t len = strspn(p, "-+0123456789.e");
    bool is_float = memchr(p, '.', len) || memchr(p, 'e', len);
    if (is_float) v = ir_float(cx, DT_FLOAT64, strtod(p, &end));
    else v = ir_int(cx, DT_INT64, strtoll(p, &end, 10));
    if (end == p) *ok = false;
    p = end;
  }
  *pp = p;
  return v;
}

Node *rx_op_attr_default(IrCtx *cx, const RxOpSchema *s, int32_t i, bool *ok) {
  const char *d = s->attrs[i].dflt;
  *ok = d && d[0] != '@';
  if (!*ok) return NULL;
  Node *v = literal(cx, &d, ok);
  if (*d) *ok = false;
  return v;
}

static bool is_int(const Node *v) { return v && v->kind == NK_INT && !dtype_eq(v->dtype, DT_BOOL); }
static bool is_ints(const Node *v) {
  if (!v || v->kind != NK_ARRAY) return false;
  NodeList l = IR_AS(IrArray, v)->items;
  for (int32_t i = 0; i < l.n; i++)
    if (!is_int(l.v[i]) && !(l.v[i] && ir_is_expr(l.v[i]) && dtype_is_integral(l.v[i]->dtype))) return false;
  return true;
}

static Node *repeat(IrCtx *cx, Node *x, int32_t n) {
  Node *items[8];
  for (int32_t i = 0; i < n && i < 8; i++) items[i] = x;
  return array_of(cx, items, n < 8 ? n : 8);
}

/* Convert a user value of attribute a; NULL *msg on success. */
static Node *convert(IrCtx *cx, const RxAttrSpec *a, Node *v, const char **msg) {
  *msg = NULL;
  bool none_ok = a->dflt && !strcmp(a->dflt, "None");
  if (!v) {
    if (a->kind == RX_ATTR_DTYPE) return ir_string(cx, "void");
    if (none_ok || a->kind == RX_ATTR_OPT_INT || a->kind == RX_ATTR_OPT_INTS || (a->dflt && a->dflt[0] == '@'))
      return NULL;
    *msg = "may not be None";
    return NULL;
  }
  switch (a->kind) {
  case RX_ATTR_INT:
  case RX_ATTR_OPT_INT:
    if (!is_int(v) && !(ir_is_expr(v) && dtype_is_integral(v->dtype))) *msg = "expects an integer";
    return v;
  case RX_ATTR_BOOL:
    if (v->kind != NK_INT) *msg = "expects True or False";
    else if (!dtype_eq(v->dtype, DT_BOOL)) v = ir_bool(cx, IR_AS(IrIntImm, v)->value != 0);
    return v;
  case RX_ATTR_FLOAT:
    if (is_int(v)) return ir_float(cx, DT_FLOAT64, (double)IR_AS(IrIntImm, v)->value);
    if (v->kind != NK_FLOAT) *msg = "expects a number";
    return v;
  case RX_ATTR_STR:
  case RX_ATTR_DTYPE:
    if (v->kind != NK_STRING) *msg = "expects a string";
    return v;
  case RX_ATTR_INTS:
  case RX_ATTR_OPT_INTS:
    if (is_int(v)) return repeat(cx, v, a->rep ? a->rep : 1);
    if (!is_ints(v)) *msg = "expects a list of integers";
    return v;
  case RX_ATTR_PAD1:
  case RX_ATTR_PAD2: {
    int32_t full = a->kind == RX_ATTR_PAD1 ? 2 : 4;
    if (is_int(v)) return repeat(cx, v, full);
    if (!is_ints(v)) {
      *msg = "expects an integer or a list of integers";
      return v;
    }
    NodeList l = IR_AS(IrArray, v)->items;
    if (l.n == 1) return repeat(cx, l.v[0], full);
    if (l.n == 2 && full == 4) {
      Node *items[4] = {l.v[0], l.v[1], l.v[0], l.v[1]};
      return array_of(cx, items, 4);
    }
    if (l.n != full && l.n != 2) *msg = full == 2 ? "expects 1 or 2 values" : "expects 1, 2 or 4 values";
    return v;
  }
  case RX_ATTR_FLOATS: {
    if (v->kind == NK_FLOAT || is_int(v)) v = array_of(cx, &v, 1);
    if (v->kind != NK_ARRAY) {
      *msg = "expects a list of numbers";
      return v;
    }
    NodeList l = IR_AS(IrArray, v)->items;
    Node *items[16];
    if (l.n > 16) return v;
    for (int32_t i = 0; i < l.n; i++) {
      items[i] = is_int(l.v[i]) ? ir_float(cx, DT_FLOAT64, (double)IR_AS(IrIntImm, l.v[i])->value) : l.v[i];
      if (!items[i] || items[i]->kind != NK_FLOAT) *msg = "expects a list of numbers";
    }
    return array_of(cx, items, l.n);
  }
  case RX_ATTR_ANY:
    if (!is_int(v) && !is_ints(v)) *msg = "expects an integer or a list of integers";
    return v;
  default: return v;
  }
}

bool rx_op_fill_attrs(IrCtx *cx, const RxOpSchema *s, Node **vals, const bool *given, int32_t *bad,
                      char *err, size_t errlen) {
  for (int32_t i = 0; i < s->nattrs; i++) {
    const RxAttrSpec *a = &s->attrs[i];
    const char *msg = NULL;
    if (given[i]) {
      vals[i] = convert(cx, a, vals[i], &msg);
    } else if (!a->dflt) {
      msg = "is required";
    } else if (a->dflt[0] != '@') {
      bool ok;
      vals[i] = rx_op_attr_default(cx, s, i, &ok);
    }
    if (msg) {
      *bad = i;
      snprintf(err, errlen, "R.%s: attribute '%s' %s", s->name, a->name, msg);
      return false;
    }
  }
  /* Copies last: out_layout=None means "the layout of the input". */
  for (int32_t i = 0; i < s->nattrs; i++) {
    const char *d = s->attrs[i].dflt;
    if (!d || d[0] != '@' || (given[i] && vals[i])) continue;
    int32_t j = rx_op_attr_index(s, d + 1);
    vals[i] = j >= 0 ? vals[j] : NULL;
  }
  return true;
}

/* ---- docs/ops.md ------------------------------------------------------------- */

void rx_op_render_docs(StrBuf *out) {
  sb_puts(out, "# Relax operators\n\n"
               "Generated from the operator table in `src/relax/op_schema.c`; do not edit by hand\n"
               "(regenerate with `build/tests/test_op_schema --write-docs`).\n\n"
               "Each row: the TVMScript spelling, the Op name, the positional Relax arguments\n"
               "(`k=0`: optional, an `R.prim_value` default; `strides?`: optional, left out when\n"
               "omitted; `:shape`: a list written there becomes an `R.shape`), the attributes in the\n"
               "order TVM's printer writes them with the value stored when omitted (`@x`: the value of\n"
               "attribute `x`; no default: required), TVM's attrs node, and what Strata does with the op.\n"
               "Attributes may also be passed positionally after the Relax arguments, in the order of\n"
               "TVM's Python API (listed under the attrs node where it differs).\n\n"
               "| TVMScript | Op | Arguments | Attributes | Attrs node | Status |\n"
               "|---|---|---|---|---|---|\n");
  for (int32_t i = 0; i < rx_op_count(); i++) {
    const RxOpSchema *s = &OPS[i];
    sb_printf(out, "| `R.%s` | `%s` | %s | ", s->name, s->op, s->args[0] ? s->args : "(none)");
    for (int32_t k = 0; k < s->nattrs; k++) {
      const RxAttrSpec *a = &s->attrs[k];
      sb_printf(out, "%s`%s", k ? ", " : "", a->name);
      if (a->dflt) sb_printf(out, "=%s", a->dflt);
      sb_putc(out, '`');
    }
    if (!s->nattrs) sb_puts(out, "-");
    sb_printf(out, " | %s", s->attrs_type ? s->attrs_type : "-");
    if (s->py_order) sb_printf(out, " (Python order: %s)", s->py_order);
    sb_printf(out, " | %s |\n", rx_op_status(s));
  }
}
