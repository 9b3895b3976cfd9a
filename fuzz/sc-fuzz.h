/* sc-fuzz.h: the fuzz harnesses
 *
 * Each fuzz/fuzz-NAME.c feeds one input to a part of core the way real use
 * feeds it, and abort()s on anything that must never happen (sanitizer
 * reports, GLib criticals and warnings, and the properties each harness
 * states). Built with -Dfuzzing=true, SC_FUZZ_ENTRY() makes the harness a
 * libFuzzer target; without it, tests/test-fuzz-regressions.c calls the
 * same functions over the seeds and the regression fixtures, so a finding
 * stays fixed in every build, with or without clang.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "sc-import.h"

G_BEGIN_DECLS

typedef int (*ScFuzzFunc) (const uint8_t *data,
                           size_t         size);

int          sc_fuzz_text          (const uint8_t *data,
                                    size_t         size);
int          sc_fuzz_guide         (const uint8_t *data,
                                    size_t         size);
int          sc_fuzz_import_html   (const uint8_t *data,
                                    size_t         size);
int          sc_fuzz_import_text   (const uint8_t *data,
                                    size_t         size);
int          sc_fuzz_import_epub   (const uint8_t *data,
                                    size_t         size);
int          sc_fuzz_query         (const uint8_t *data,
                                    size_t         size);
int          sc_fuzz_progress      (const uint8_t *data,
                                    size_t         size);

/* Once per process: libxml2's safe setup, GLib warnings and criticals
 * fatal. */
void         sc_fuzz_init          (void);
/* A private folder for the process, removed at exit. */
const char  *sc_fuzz_tmp_dir       (void);
/* Prints why and the input (escaped) to stderr, then abort()s: a finding. */
G_NORETURN
void         sc_fuzz_fail          (const char    *what,
                                    const uint8_t *data,
                                    size_t         size,
                                    const char    *detail);
/* A refusal must say "DISPLAY_NAME:LINE: message", in UTF-8. */
void         sc_fuzz_check_refusal (const GError  *error,
                                    const char    *display_name,
                                    const uint8_t *data,
                                    size_t         size);
/* Each problem is "DISPLAY_NAME:LINE: message" in UTF-8. */
void         sc_fuzz_check_problems (GPtrArray    *problems,
                                    const char    *display_name,
                                    const uint8_t *data,
                                    size_t         size);
/* The same, and a file is valid exactly when it has no problem. */
void         sc_fuzz_check_validation (gboolean    valid,
                                    GPtrArray     *problems,
                                    const char    *display_name,
                                    const uint8_t *data,
                                    size_t         size);
/* What an importer read must become a well-formed, valid native text that
 * the text reader reads. */
void         sc_fuzz_check_import  (ScImportDoc   *doc,
                                    const uint8_t *data,
                                    size_t         size);

#ifdef SC_FUZZ_LIBFUZZER
#define SC_FUZZ_ENTRY(func) \
  int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size); \
  int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size) { return func (data, size); }
#else
#define SC_FUZZ_ENTRY(func)
#endif

G_END_DECLS
