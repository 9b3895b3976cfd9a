/* sc-reader-popover.c: what the reader shows over a word
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-reader-popover.h"

struct _ScReaderPopover {
  GtkPopover   parent_instance;

  ScGlossary  *glossary;        /* (unowned) while a term is shown */
  char        *see_also;        /* the entry a link asked for */
  guint        see_also_id;

  char        *highlight_id;    /* while a highlight is shown */
  char        *note;            /* its note as it was */
  GtkTextView *note_view;
};

G_DEFINE_FINAL_TYPE (ScReaderPopover, sc_reader_popover, GTK_TYPE_POPOVER)

enum {
  NOTE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
content_box (const char *heading)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (heading);

  gtk_widget_add_css_class (box, "reader-popover");
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static GtkWidget *
content_text (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 44);
  gtk_label_set_width_chars (GTK_LABEL (label), MIN (g_utf8_strlen (text, -1), 30));
  return label;
}

/* "surplus value" → "Surplus value": a glossary's terms are lower case. */
static char *
capitalized (const char *text)
{
  char first[8] = { 0 };

  if (text == NULL || *text == '\0')
    return g_strdup ("");
  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (text)), first);
  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

/* A highlight's note goes out when the popover closes or shows something
 * else. */
static void
finish_highlight (ScReaderPopover *self)
{
  g_autofree char *id = g_steal_pointer (&self->highlight_id);
  g_autofree char *before = g_steal_pointer (&self->note);
  g_autofree char *note = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (id == NULL || self->note_view == NULL)
    return;
  buffer = gtk_text_view_get_buffer (self->note_view);
  self->note_view = NULL;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (g_strcmp0 (before != NULL ? before : "", note) != 0)
    g_signal_emit (self, signals[NOTE_CHANGED], 0, id, note);
}

static void
set_content (ScReaderPopover *self,
             GtkWidget       *box)
{
  finish_highlight (self);
  self->glossary = NULL;
  gtk_popover_set_child (GTK_POPOVER (self), box);
}

static gboolean
show_see_also_cb (gpointer user_data)
{
  ScReaderPopover *self = SC_READER_POPOVER (user_data);
  g_autofree char *entry_id = g_steal_pointer (&self->see_also);

  self->see_also_id = 0;
  if (self->glossary != NULL)
    sc_reader_popover_set_term (self, self->glossary, entry_id, NULL);
  return G_SOURCE_REMOVE;
}

/* Another entry in the same popover, once the link's label (which the new
 * content replaces) is done with its click. */
static gboolean
on_see_also_cb (GtkLabel        *label,
                const char      *uri,
                ScReaderPopover *self)
{
  g_free (self->see_also);
  self->see_also = g_strdup (uri);
  if (self->see_also_id == 0)
    self->see_also_id = g_idle_add (show_see_also_cb, self);
  return TRUE;
}

/* "See also: exploitation, labor power", each a link to its entry. */
static GtkWidget *
see_also_label (ScReaderPopover *self,
                ScGlossary      *glossary,
                ScGlossaryEntry *entry)
{
  g_autoptr(GString) links = g_string_new (NULL);
  g_autofree char *markup = NULL;
  GtkWidget *label;

  for (guint i = 0; entry->see != NULL && entry->see[i] != NULL; i++)
    {
      ScGlossaryEntry *other = sc_glossary_lookup (glossary, entry->see[i]);
      g_autofree char *term = NULL;
      g_autofree char *id = NULL;

      if (other == NULL)
        continue;
      term = g_markup_escape_text (other->term, -1);
      id = g_markup_escape_text (other->id, -1);
      g_string_append_printf (links, "%s<a href=\"%s\">%s</a>", links->len > 0 ? ", " : "", id, term);
    }
  if (links->len == 0)
    return NULL;

  /* Translators: followed by related glossary terms, "See also: wages, profit" */
  markup = g_strdup_printf (_("See also: %s"), links->str);
  label = content_text ("");
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_widget_add_css_class (label, "see-also");
  gtk_widget_set_margin_top (label, 4);
  g_signal_connect_object (label, "activate-link", G_CALLBACK (on_see_also_cb), self, 0);
  return label;
}

void
sc_reader_popover_set_term (ScReaderPopover *self,
                            ScGlossary      *glossary,
                            const char      *entry_id,
                            const char      *shown)
{
  ScGlossaryEntry *entry = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *box;

  g_return_if_fail (SC_IS_READER_POPOVER (self));

  if (glossary != NULL && entry_id != NULL)
    entry = sc_glossary_lookup (glossary, entry_id);

  heading = capitalized (entry != NULL ? entry->term : shown);
  box = content_box (heading);
  gtk_widget_add_css_class (box, "term-popover");
  if (entry != NULL)
    {
      GtkWidget *see_also = see_also_label (self, glossary, entry);

      gtk_box_append (GTK_BOX (box), content_text (entry->definition));
      if (see_also != NULL)
        gtk_box_append (GTK_BOX (box), see_also);
    }
  else
    {
      GtkWidget *label = content_text (glossary != NULL
                                       ? _("The glossary does not explain this term yet.")
                                       : _("No glossary in this language is in the library."));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  set_content (self, box);
  self->glossary = glossary;
}

void
sc_reader_popover_set_note (ScReaderPopover *self,
                            guint            number,
                            const char      *text)
{
  g_autofree char *heading = NULL;
  GtkWidget *box;

  g_return_if_fail (SC_IS_READER_POPOVER (self));

  heading = g_strdup_printf (_("Note %u"), number);
  box = content_box (heading);
  gtk_widget_add_css_class (box, "note-popover");
  gtk_box_append (GTK_BOX (box), content_text (text != NULL ? text : ""));
  set_content (self, box);
}

void
sc_reader_popover_set_highlight (ScReaderPopover *self,
                                 const char      *highlight_id,
                                 const char      *note)
{
  GtkWidget *box, *hint, *scrolled, *view, *remove;

  g_return_if_fail (SC_IS_READER_POPOVER (self));
  g_return_if_fail (highlight_id != NULL);

  box = content_box (_("Highlight"));
  gtk_widget_add_css_class (box, "highlight-popover");

  hint = gtk_label_new (_("Your note on this passage"));
  gtk_label_set_xalign (GTK_LABEL (hint), 0.0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  gtk_box_append (GTK_BOX (box), hint);

  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  if (note != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), note, -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scrolled, 300, 96);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_widget_add_css_class (scrolled, "note-editor");
  gtk_box_append (GTK_BOX (box), scrolled);

  remove = gtk_button_new_with_mnemonic (_("_Remove Highlight"));
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  gtk_widget_add_css_class (remove, "destructive-action");
  gtk_widget_add_css_class (remove, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "reader.remove-highlight");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", highlight_id);
  gtk_box_append (GTK_BOX (box), remove);

  set_content (self, box);
  self->highlight_id = g_strdup (highlight_id);
  self->note = g_strdup (note);
  self->note_view = GTK_TEXT_VIEW (view);
}

const char *
sc_reader_popover_get_highlight (ScReaderPopover *self)
{
  g_return_val_if_fail (SC_IS_READER_POPOVER (self), NULL);
  return self->highlight_id;
}

static void
sc_reader_popover_closed (GtkPopover *popover)
{
  ScReaderPopover *self = SC_READER_POPOVER (popover);

  /* The glossary is only borrowed while shown. */
  self->glossary = NULL;
  g_clear_handle_id (&self->see_also_id, g_source_remove);
  finish_highlight (self);
}

static void
sc_reader_popover_dispose (GObject *object)
{
  ScReaderPopover *self = SC_READER_POPOVER (object);

  g_clear_handle_id (&self->see_also_id, g_source_remove);
  self->glossary = NULL;
  self->note_view = NULL;
  G_OBJECT_CLASS (sc_reader_popover_parent_class)->dispose (object);
}

static void
sc_reader_popover_finalize (GObject *object)
{
  ScReaderPopover *self = SC_READER_POPOVER (object);

  g_free (self->see_also);
  g_free (self->highlight_id);
  g_free (self->note);
  G_OBJECT_CLASS (sc_reader_popover_parent_class)->finalize (object);
}

static void
sc_reader_popover_class_init (ScReaderPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_reader_popover_dispose;
  object_class->finalize = sc_reader_popover_finalize;
  GTK_POPOVER_CLASS (klass)->closed = sc_reader_popover_closed;

  /**
   * ScReaderPopover::note-changed:
   * @highlight_id: the highlight
   * @note: its note now, "" for none
   */
  signals[NOTE_CHANGED] = g_signal_new ("note-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
sc_reader_popover_init (ScReaderPopover *self)
{
  gtk_popover_set_position (GTK_POPOVER (self), GTK_POS_BOTTOM);
  gtk_widget_add_css_class (GTK_WIDGET (self), "reader-info");
}

GtkWidget *
sc_reader_popover_new (void)
{
  return g_object_new (SC_TYPE_READER_POPOVER, NULL);
}
