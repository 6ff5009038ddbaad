//! URL slugs and heading ids that read well in Danish.
//!
//! The `slug` crate turns "ø" into "o" and "å" into "a", which changes the meaning of Danish
//! words ("får" → "far"); Danish convention writes them oe and aa instead, so those letters are
//! replaced first and the rest is left to `slug`.

/// "AI-værktøjer og chatbots" → "ai-vaerktoejer-og-chatbots".
pub fn slugify(text: &str) -> String {
    let mut danish = String::with_capacity(text.len() + 8);
    // Composed first: a decomposed "å" (a + ring, as macOS saves names) is still "aa".
    for c in unicode_normalization::UnicodeNormalization::nfc(text) {
        match c {
            'æ' => danish.push_str("ae"),
            'ø' => danish.push_str("oe"),
            'å' => danish.push_str("aa"),
            'Æ' => danish.push_str("Ae"),
            'Ø' => danish.push_str("Oe"),
            'Å' => danish.push_str("Aa"),
            _ => danish.push(c),
        }
    }
    slug::slugify(danish)
}

/// Hands out heading ids unique within one page: "svar", "svar-1", "svar-2", …
#[derive(Debug, Default)]
pub struct IdAllocator {
    seen: std::collections::HashMap<String, usize>,
}

impl IdAllocator {
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "afsnit" } else { base };
        let Some(&last) = self.seen.get(base) else {
            self.seen.insert(base.to_string(), 0);
            return base.to_string();
        };
        let mut n = last;
        let candidate = loop {
            n += 1;
            let candidate = format!("{base}-{n}");
            if !self.seen.contains_key(&candidate) {
                break candidate;
            }
        };
        self.seen.insert(base.to_string(), n);
        self.seen.insert(candidate.clone(), 0);
        candidate
    }

    /// Records an id an author wrote by hand (`{#id}`) so generated ids avoid it.
    pub fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_string()).or_insert(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_letters_are_transliterated() {
        assert_eq!(
            slugify("AI-værktøjer og chatbots"),
            "ai-vaerktoejer-og-chatbots"
        );
        assert_eq!(
            slugify("Gode råd når du anvender Facebook"),
            "gode-raad-naar-du-anvender-facebook"
        );
        assert_eq!(slugify("ÆRE, Øl & Ål!"), "aere-oel-aal");
    }

    #[test]
    fn repeated_headings_get_numbered_ids() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.unique("svar"), "svar");
        assert_eq!(ids.unique("svar"), "svar-1");
        ids.reserve("svar-2");
        assert_eq!(ids.unique("svar"), "svar-3");
    }
}
