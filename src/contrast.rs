//! Colour contrast as WCAG 2.1 measures it, for the colours a site sets in `site.yaml`.
//!
//! A site's primary colour is the background of the header bar (white text on it) and the
//! colour of links (on a white page), so both need at least 4.5:1 against white. A colour that
//! falls short is an error, and the message suggests the nearest darker shade that passes, so
//! an editor can copy it rather than guess.

/// The contrast WCAG 2.1 asks of normal text (success criterion 1.4.3, level AA).
pub const AA_TEXT: f64 = 4.5;

/// A colour written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    /// `#1a2b3c` or `#1A2B3C`; `None` for anything else (no names, no short `#abc`).
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// `#rrggbb`, lower-case, as CSS and `site.yaml` write it.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2.1 definition), 0 for black to 1 for white.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let s = f64::from(c) / 255.0;
            if s <= 0.039_28 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// The colour mixed with white: `amount` 0 keeps it, 1 makes it white.
    pub fn lighten(self, amount: f64) -> Rgb {
        let mix = |c: u8| {
            (f64::from(c) + (255.0 - f64::from(c)) * amount)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }

    /// The colour mixed with black: `amount` 0 keeps it, 1 makes it black. Keeps the hue.
    pub fn darken(self, amount: f64) -> Rgb {
        let mix = |c: u8| (f64::from(c) * (1.0 - amount)).round().clamp(0.0, 255.0) as u8;
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
}

/// The contrast ratio of two colours, from 1 (the same) to 21 (black on white).
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// The lightest shade of `color` (darkened in steps of 2 %) whose contrast with `other` is at
/// least `needed`; black at worst, which passes 4.5:1 against white.
pub fn darker_passing(color: Rgb, other: Rgb, needed: f64) -> Rgb {
    (1..=50)
        .map(|step| color.darken(f64::from(step) * 0.02))
        .find(|shade| ratio(*shade, other) >= needed)
        .unwrap_or(Rgb(0, 0, 0))
}

/// The darkest shade of `color` (lightened in steps of 2 %) whose contrast with the dark
/// `other` is at least `needed`: links and headings in the dark colour scheme.
pub fn lighter_passing(color: Rgb, other: Rgb, needed: f64) -> Rgb {
    (0..=50)
        .map(|step| color.lighten(f64::from(step) * 0.02))
        .find(|shade| ratio(*shade, other) >= needed)
        .unwrap_or(Rgb::WHITE)
}

/// The ratio rounded down to two decimals, as messages show it: a colour measured at
/// 4.497:1 must not read "4.50:1" next to "needs 4.5:1".
pub fn shown(ratio: f64) -> String {
    format!("{:.2}", (ratio * 100.0).floor() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_six_digit_hex_only() {
        assert_eq!(Rgb::parse("#00587A"), Some(Rgb(0, 0x58, 0x7a)));
        assert_eq!(Rgb::parse(" #ffffff "), Some(Rgb::WHITE));
        for bad in ["00587a", "#abc", "#00587g", "blue", "#00587a0"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
        assert_eq!(Rgb(0, 0x58, 0x7a).hex(), "#00587a");
    }

    #[test]
    fn ratios_match_the_wcag_reference_values() {
        assert!((ratio(Rgb(0, 0, 0), Rgb::WHITE) - 21.0).abs() < 1e-9);
        assert!((ratio(Rgb::WHITE, Rgb::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic just-passing grey (4.54:1).
        assert_eq!(shown(ratio(Rgb(0x76, 0x76, 0x76), Rgb::WHITE)), "4.54");
        // #777777 just fails (4.47:1).
        assert_eq!(shown(ratio(Rgb(0x77, 0x77, 0x77), Rgb::WHITE)), "4.47");
        // The order of the two colours does not matter.
        let (a, b) = (Rgb(0, 0x58, 0x7a), Rgb::WHITE);
        assert_eq!(ratio(a, b), ratio(b, a));
    }

    #[test]
    fn shown_ratios_round_down() {
        assert_eq!(shown(4.499), "4.49");
        assert_eq!(shown(4.5), "4.50");
    }

    #[test]
    fn the_suggestion_passes_and_stays_close() {
        for light in [
            Rgb(0x4f, 0xa3, 0xd1),
            Rgb(0xff, 0xcc, 0x00),
            Rgb(0xe3, 0x00, 0x0f),
        ] {
            let dark = darker_passing(light, Rgb::WHITE, AA_TEXT);
            assert!(ratio(dark, Rgb::WHITE) >= AA_TEXT, "{}", dark.hex());
            // One step lighter would not pass: the suggestion is the lightest that does.
            let lighter = Rgb(
                dark.0.saturating_add(6),
                dark.1.saturating_add(6),
                dark.2.saturating_add(6),
            );
            assert!(ratio(lighter, Rgb::WHITE) < AA_TEXT + 0.6, "{}", dark.hex());
        }
        // A sky blue becomes a deeper blue, not grey: the hue is kept.
        let suggested = darker_passing(Rgb(0x4f, 0xa3, 0xd1), Rgb::WHITE, AA_TEXT);
        assert!(suggested.2 > suggested.0 && suggested.1 > suggested.0);
        assert_eq!(suggested.hex(), "#3c7c9f");
    }

    #[test]
    fn dark_scheme_shades_are_light_enough() {
        let dark = Rgb(0x14, 0x1a, 0x1e);
        let light = lighter_passing(Rgb(0, 0x58, 0x7a), dark, 7.0);
        assert!(ratio(light, dark) >= 7.0, "{}", light.hex());
        assert!(light.2 > light.0, "keeps the blue: {}", light.hex());
    }

    #[test]
    fn white_needs_black() {
        assert_eq!(darker_passing(Rgb::WHITE, Rgb::WHITE, 21.0), Rgb(0, 0, 0));
    }
}
