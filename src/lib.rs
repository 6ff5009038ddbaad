//! pjece turns Markdown guideline editions into a versioned static website and a
//! print-ready tri-fold leaflet.

// The leaflet building blocks are used by the leaflet stage; until that stage calls
// them, only their tests do.
#[allow(dead_code)]
pub(crate) mod chromium;
#[allow(dead_code)]
pub(crate) mod hyphenate;
#[allow(dead_code)]
pub(crate) mod pdf_boxes;
#[allow(dead_code)]
pub(crate) mod qr;
