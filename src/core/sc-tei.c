/* sc-tei.c: placeholder until its implementation lands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
