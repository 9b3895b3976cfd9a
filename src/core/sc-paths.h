/* sc-paths.h: where Study Circle's data lives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The bundled, read-only library: $STUDYCIRCLE_DATADIR/texts when set, the
 * installed $datadir/studycircle/texts when it exists, else the source
 * tree's data/texts (an uninstalled build). */
char *sc_paths_bundled_texts_dir (void);
/* $XDG_DATA_HOME/studycircle/texts: the user's own texts and imports. */
char *sc_paths_user_texts_dir    (void);
/* $XDG_DATA_HOME/studycircle/study.db: user data. */
char *sc_paths_study_db          (void);
/* $XDG_CACHE_HOME/studycircle/index.db: a cache, rebuilt when lost. */
char *sc_paths_index_db          (void);

G_END_DECLS
