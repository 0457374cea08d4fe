//! JSON objects for the crate's structs: their serde impls come from one [`object_impls!`] call
//! per struct in `types.rs`, not from serde's derive.
//!
//! `#[derive(Deserialize)]` writes, for every struct, a field enum, a field visitor that reads a
//! key as an integer, a string or bytes, a sequence visitor and a map visitor: code JSON never
//! reaches, which `rustc` type-checks and borrow-checks all the same, several times over per
//! field. On the largest specs it was most of a generated crate's compile time (a 25-field struct
//! cost ~55 ms of `cargo check`). A struct here implements [`Object`]: one loop over the keys with
//! one arm per property, and [`object`] and [`ObjectWriter`] do the rest once for all of them.
//!
//! On the wire this reads as the derive did: unknown keys are skipped, an absent optional
//! property is `None`, an absent required one is serde's `missing field` error. Unlike the
//! derive, a key given twice keeps its last value (as `serde_json::Value` does) and an object
//! is never read from an array.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A struct read from a JSON object, one key at a time.
pub trait Object: Sized {
    /// The type's name, for the error on a value that is not an object.
    const NAME: &'static str;
    /// Reads the rest of the object from `map`.
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a struct that is an [`Object`].
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// A key of an object, borrowed from the input where it can be.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string (for a property the schema does not name).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Skips the value of a key the struct does not read.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

/// The value of a required property, or serde's `missing field` error if the object left it out.
pub fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

/// The `Serialize` impl of a struct (its properties as map entries, through [`write`]) and,
/// where the crate reads it, its `Deserialize` and [`Object`] impls: one line per property in
/// `types.rs` rather than four, so the generator parses and prints a quarter of the code (the
/// expansion is what a hand-written impl would be).
///
/// ```text
/// object_impls! { #[cfg(..)] read Name { field: Type = "wire" how finish, .. } .. extra }
/// ```
///
/// `read` or `write` (`Serialize` only); per property the field, its type (the slots are typed:
/// left to inference, rustc's type check of a wide struct's `read` grows with the square of its
/// fields), its wire name, the [`ObjectWriter`] method that writes it (`field`, `optional`,
/// `nullable`) and how reading it finishes (`required`: [`required`]; `present`: its default,
/// `None`, `Absent` or `null`, if the object left it out); `.. extra` names the map of the
/// properties the schema does not name. Every key is read into an `Option` slot (a key given
/// twice keeps its last value); unknown keys are skipped or kept in `extra`.
#[allow(unused_macros)] // a crate whose spec has no object types calls it nowhere
macro_rules! object_impls {
    (
        $(#[$attr:meta])* $mode:ident $name:ident {
            $($field:ident: $ty:ty = $wire:literal $how:ident $finish:ident),* $(,)?
        } $(.. $extra:ident)?
    ) => {
        $(#[$attr])*
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut object = $crate::runtime::write(serializer)?;
                $(object.$how($wire, &self.$field)?;)*
                $(object.extra(&self.$extra)?;)?
                object.end()
            }
        }
        $crate::runtime::object_impls!(@$mode $(#[$attr])* $name { $($field: $ty = $wire $finish),* } $(.. $extra)?);
    };
    (@write $($rest:tt)*) => {};
    (@read $(#[$attr:meta])* $name:ident { $($field:ident: $ty:ty = $wire:literal $finish:ident),* } $(.. $extra:ident)?) => {
        $(#[$attr])*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::object(deserializer)
            }
        }

        $(#[$attr])*
        impl $crate::runtime::Object for $name {
            const NAME: &'static str = stringify!($name);

            fn read<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field: Option<$ty> = None;)*
                $(let mut $extra = ::std::collections::BTreeMap::new();)?
                while let Some(key) = map.next_key::<$crate::runtime::Key<'de>>()? {
                    match key.as_str() {
                        $($wire => $field = Some(map.next_value()?),)*
                        _ => $crate::runtime::object_impls!(@other map key $($extra)?),
                    }
                }
                Ok(Self { $($field: $crate::runtime::object_impls!(@$finish $field $wire),)* $($extra)? })
            }
        }
    };
    (@required $field:ident $wire:literal) => {
        $crate::runtime::required($field, $wire)?
    };
    (@present $field:ident $wire:literal) => {
        $field.unwrap_or_default()
    };
    (@other $map:ident $key:ident) => {
        $crate::runtime::skip(&mut $map)?
    };
    (@other $map:ident $key:ident $extra:ident) => {{
        let value = $map.next_value()?;
        $extra.insert($key.into_string(), value);
    }};
}
#[allow(unused_imports)]
pub(crate) use object_impls;

/// `Serialize::serialize` of a struct: its properties as the entries of a map.
pub fn write<S: Serializer>(serializer: S) -> Result<ObjectWriter<S::SerializeMap>, S::Error> {
    serializer.serialize_map(None).map(ObjectWriter)
}

/// A struct being written as a JSON object (see [`write`]).
pub struct ObjectWriter<M>(M);

impl<M: SerializeMap> ObjectWriter<M> {
    /// A property always written (`null` for `None`).
    pub fn field<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.0.serialize_entry(name, value)
    }

    /// A property left out when `None`.
    pub fn optional<T: serde::Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.0.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// A property left out when [`Absent`](super::Nullable::Absent), `null` when
    /// [`Null`](super::Nullable::Null).
    pub fn nullable<T: serde::Serialize>(
        &mut self,
        name: &'static str,
        value: &super::Nullable<T>,
    ) -> Result<(), M::Error> {
        match value {
            super::Nullable::Absent => Ok(()),
            _ => self.0.serialize_entry(name, value),
        }
    }

    /// The properties the schema does not name.
    pub fn extra<T: serde::Serialize>(
        &mut self,
        values: &std::collections::BTreeMap<String, T>,
    ) -> Result<(), M::Error> {
        values.iter().try_for_each(|(name, value)| self.0.serialize_entry(name, value))
    }

    /// The end of the object.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}
