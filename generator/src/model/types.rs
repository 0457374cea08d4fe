//! The named types of a crate and the references to them: structs (with each field's
//! [`Presence`]), enums and unions, each with the plan the emitters print.

use super::*;

#[derive(Debug, Clone, PartialEq)]
pub enum ConstValue {
    String(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
}

impl ConstValue {
    /// Whether a value of type `ty` can be this constant (an integer within its kind's range).
    pub fn fits(&self, ty: &TypeRef) -> bool {
        match (self, ty) {
            (ConstValue::String(_), TypeRef::String)
            | (ConstValue::Boolean(_), TypeRef::Boolean)
            | (ConstValue::Integer(_) | ConstValue::Number(_), TypeRef::Number) => true,
            (ConstValue::Integer(i), TypeRef::Integer(k)) => match k {
                IntKind::I32 => i32::try_from(*i).is_ok(),
                IntKind::I64 => true,
                IntKind::U32 => u32::try_from(*i).is_ok(),
                IntKind::U64 => u64::try_from(*i).is_ok(),
            },
            _ => false,
        }
    }
}

/// A type as it is used: primitives inline, named types by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef<I = TypeId> {
    Named(I),
    String,
    Integer(IntKind),
    Number,
    Boolean,
    /// Raw bytes (`format: binary`): `crate::Bytes`.
    Bytes,
    /// Any JSON value (`{}` or a schema the generator cannot type more precisely).
    Json,
    /// A free-form JSON object.
    JsonObject,
    Array(Box<TypeRef<I>>),
    Map(Box<TypeRef<I>>),
    Option(Box<TypeRef<I>>),
    /// Boxed to break a recursive cycle.
    Boxed(Box<TypeRef<I>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntKind {
    I32,
    I64,
    U32,
    U64,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: Ident,
    pub doc: Option<String>,
    /// Where in the spec it comes from, as Markdown (`` `#/components/schemas/Pet` ``).
    pub source: String,
    pub kind: TypeKind,
    /// Whether it implements `Deserialize`: not when only requests use it (it is never read).
    pub deserialize: bool,
    /// The Cargo features that compile it (any one of them), in a large API split by tag: those
    /// of the tags whose operations use it, or the feature of schemas no operation uses. Empty:
    /// always compiled.
    pub features: Vec<String>,
    /// The one feature its `#[cfg]` names: its only feature, or, when several compile it, the
    /// internal feature each of them enables ([`Api::shared_features`]).
    pub cfg_feature: Option<String>,
    /// Whether callers build it (a request reaches it): a struct then has a constructor and a
    /// setter per field, and keeps a field's "absent" and "null" apart.
    pub sent: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// `pub type Name = ...;` for a named primitive, array or map schema.
    Alias(TypeRef),
    /// A string enum; a value the spec does not list decodes into a catch-all `Other(String)`.
    Enum(Vec<EnumVariant>),
    /// `oneOf`/`anyOf`: the first variant that decodes wins; `Other` holds any other value.
    Union(Vec<UnionVariant>),
    /// `oneOf`/`anyOf` with a discriminator: the variant is chosen by the value of `property`
    /// (each variant's `tags`); an unlisted value decodes into `Other`.
    Tagged {
        property: String,
        variants: Vec<UnionVariant>,
        /// How a decoded value's tag picks its variant: each group of tags that select the same
        /// variants, in order (one variant decodes directly; several are tried in turn).
        arms: Vec<TagArm>,
    },
    /// An integer enum; an unlisted value decodes into a catch-all `Other(i64)`.
    IntEnum(Vec<IntVariant>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntVariant {
    pub ident: Ident,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub ident: Ident,
    pub ty: TypeRef,
    /// With a discriminator: the property values that select this variant.
    pub tags: Vec<String>,
    /// Tried as an object (a struct, aliases followed): weighed by the properties a value has
    /// of it, not by whether it decodes alone (set by `lower::plan`).
    pub object: bool,
    /// What converts into the union as this variant (`From`), if anything does.
    pub from: Option<VariantFrom>,
}

/// The `From` conversions into a union that pick one variant: only for a Rust type that one
/// variant alone holds (aliases followed: two variants of one Rust type would give two impls),
/// never the union itself, a JSON value or an `Option`.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantFrom {
    /// `From<source>`: the variant's type, unboxed.
    pub source: TypeRef,
    /// The variant holds it boxed.
    pub boxed: bool,
    /// `From<&str>` too (a string variant).
    pub text: bool,
    /// `From<[(K, V); N]>` too, `V: Into<this>` (a map variant: pairs written inline).
    pub pairs: Option<TypeRef>,
}

/// The tags that select the same variants of a tagged union (indices into its variants).
#[derive(Debug, Clone, PartialEq)]
pub struct TagArm {
    pub tags: Vec<String>,
    pub variants: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub ident: Ident,
    /// The wire value.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Unknown properties are kept here (`additionalProperties`), under this field name.
    pub extra: Option<(Ident, TypeRef)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub ident: Ident,
    pub wire: String,
    /// The type of the field's value, never `Option` itself: whether it may be absent or
    /// `null` is [`Field::presence`], and [`Field::rust_ty`] is the type the field is declared
    /// with.
    pub ty: TypeRef,
    pub presence: Presence,
    pub doc: Option<String>,
    /// The setter of the field in a type callers build: the field's name, unless that is a
    /// method the type has already (`new`, `default`, `clone`, ...).
    pub setter: Ident,
    /// The one value the schema allows (`const`, or an enum of one value): the constructor
    /// sets it, and it is no argument of the constructor.
    pub fixed: Option<Fixed>,
    /// An argument of the constructor of a type callers build: required, never `null`, and
    /// not [`fixed`](Field::fixed) (set by `lower::analyse`).
    pub argument: bool,
}

impl Field {
    /// Whether the spec requires the property.
    pub fn required(&self) -> bool {
        self.presence.required()
    }

    /// The type the Rust field is declared with: [`Presence::wrap`] of its value's type.
    pub fn rust_ty(&self) -> TypeRef {
        self.presence.wrap(self.ty.clone())
    }
}

/// Whether a struct field may be absent from the object, and whether it may be `null`: the one
/// place this fact is kept. The arena sets it when it finishes a type, from the schema's
/// `required` list and its nullability (3.0 `nullable`, 3.1 `null` in `type` or a `null`
/// branch, as the load stage normalised them); a field whose value is any JSON holds `null`
/// already and is never nullable. The analyse pass then reads absent and `null` alike
/// ([`Presence::Optional`]) in types callers never build. Everyone after reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Presence {
    /// Always there, never `null`: `T`.
    Required,
    /// Always there, maybe `null`: `Option<T>`.
    RequiredNullable,
    /// Maybe absent (or, in a type only read, absent or `null` alike): `Option<T>`.
    Optional,
    /// Maybe absent, maybe `null`, kept apart: `Option<Option<T>>`, written `Nullable<T>`.
    OptionalNullable,
}

impl Presence {
    pub fn of(required: bool, nullable: bool) -> Presence {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    pub fn required(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }

    pub fn nullable(self) -> bool {
        matches!(self, Presence::RequiredNullable | Presence::OptionalNullable)
    }

    /// Whether the Rust field is an `Option` (`None` when unset: no constructor argument).
    pub fn optional(self) -> bool {
        self != Presence::Required
    }

    /// How many `Option`s the Rust field wraps its value in (two: `Nullable`).
    pub fn options(self) -> usize {
        match self {
            Presence::Required => 0,
            Presence::RequiredNullable | Presence::Optional => 1,
            Presence::OptionalNullable => 2,
        }
    }

    /// The Rust type of a field of this presence holding `value`.
    pub fn wrap(self, value: TypeRef) -> TypeRef {
        let option = |t| TypeRef::Option(Box::new(t));
        match self {
            Presence::Required => value,
            Presence::RequiredNullable | Presence::Optional => option(value),
            Presence::OptionalNullable => option(option(value)),
        }
    }
}

/// The one value a field's schema allows.
#[derive(Debug, Clone, PartialEq)]
pub enum Fixed {
    /// A `const` of a primitive field.
    Const(ConstValue),
    /// The one variant of a string or integer enum (the field's type, aliases followed).
    Variant(TypeId, Ident),
}
