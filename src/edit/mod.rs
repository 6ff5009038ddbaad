//! Changes to the site's sources that `pjece serve`'s editor makes for people who never
//! open a YAML file: form fields written into the YAML they belong to ([`fields`]), and
//! pages made, renamed and deleted ([`pages`]). Each checks before it writes, writes a file
//! in one step ([`crate::fsx::write_atomically`]), and says what went wrong in the site's
//! language.

pub(crate) mod fields;
pub(crate) mod links;
pub(crate) mod pages;
