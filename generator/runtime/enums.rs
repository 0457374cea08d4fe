//! String and integer enums on the wire: the impls that go through an enum's wire value come
//! from one [`enum_impls!`] call per enum in `types.rs`, not from derives.
//!
//! A string enum stands for its wire string, with a variant per documented value and `Other`
//! for the rest: it compares, hashes and clones through `as_str` and `From<&str>`, so that
//! `Other("active".into())`, built by hand, equals `Active`, hashes as it does and clones to it.
//! Derived, `PartialEq`, `Hash` and `Clone` were a `match` each per enum (and a
//! `StructuralPartialEq` impl): on OpenAI's crate (720 string enums) 2% of the peak memory of
//! `cargo check`. An integer enum compares and hashes through `value()`; it is `Copy`, and keeps
//! the derived `Clone` that copies it. Both keep the derived `Debug` (the variant's name).

/// The `Eq`, `PartialEq`, `Hash`, `Display` and `Serialize` impls of an enum (`Clone` too, for
/// a string enum) and, where the crate reads it, its `Deserialize`:
///
/// ```text
/// enum_impls! { #[cfg(..)] read str Name }
/// ```
///
/// `read` or `write` (`Serialize` only), then `str` (the enum has `as_str` and `From<&str>`)
/// or `int` (`value` and `From<i64>`). Reading never fails on a value the spec does not list:
/// it lands in `Other`, except where a union tries its branches strictly.
#[allow(unused_macros)] // a crate whose spec has no enums calls it nowhere
macro_rules! enum_impls {
    ($(#[$attr:meta])* $mode:ident str $name:ident) => {
        $(#[$attr])*
        impl ::std::cmp::Eq for $name {}

        $(#[$attr])*
        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        $(#[$attr])*
        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(self.as_str(), state)
            }
        }

        $(#[$attr])*
        impl ::std::clone::Clone for $name {
            fn clone(&self) -> Self {
                Self::from(self.as_str())
            }
        }

        $(#[$attr])*
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $(#[$attr])*
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        $crate::runtime::enum_impls!(@$mode str $(#[$attr])* $name);
    };
    ($(#[$attr:meta])* $mode:ident int $name:ident) => {
        $(#[$attr])*
        impl ::std::cmp::Eq for $name {}

        $(#[$attr])*
        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.value() == other.value()
            }
        }

        $(#[$attr])*
        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(&self.value(), state)
            }
        }

        $(#[$attr])*
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        $(#[$attr])*
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        $crate::runtime::enum_impls!(@$mode int $(#[$attr])* $name);
    };
    (@write $($rest:tt)*) => {};
    (@read str $(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Self::from(<String as ::serde::Deserialize>::deserialize(deserializer)?.as_str());
                let other = matches!(value, Self::Other(_));
                $crate::runtime::known(value, other)
            }
        }
    };
    (@read int $(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Self::from(<i64 as ::serde::Deserialize>::deserialize(deserializer)?);
                let other = matches!(value, Self::Other(_));
                $crate::runtime::known(value, other)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use enum_impls;
