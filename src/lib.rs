//! pjece turns Markdown guideline editions into a versioned static website and a
//! print-ready tri-fold leaflet.
