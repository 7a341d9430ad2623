/*
 * api_impl.h — what the files of src/api share: the module handle behind
 * the public StrataModule.
 */
#ifndef STRATA_API_IMPL_H
#define STRATA_API_IMPL_H

#include "ir/ir.h"
#include "strata/strata.h"

struct StrataModule {
  IrCtx *cx;
  SourceFile *file; /* spans of the nodes point into it */
  Node *root;
};

#endif
