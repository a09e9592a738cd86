//! What a generated crate says about its service: where it is and how it authenticates.

use std::fmt;

use crate::Secret;

/// A service as its generated crate describes it. Each generated crate has one, `SERVICE`, and
/// starts every [`Client`](crate::Client) from it.
#[derive(Debug)]
pub struct Service {
    /// The service's name in specfleet (`rokka`), for traces.
    pub name: &'static str,
    /// The default `User-Agent`: the crate and its version (`specfleet-rokka/0.1.0`).
    pub user_agent: &'static str,
    /// The first server of the spec, the default base URL.
    pub base_url: &'static str,
    /// The spec's security schemes.
    pub security_schemes: &'static [SecurityScheme],
}

/// One security scheme of a spec (`components.securitySchemes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in the spec; credentials are set by this name.
    pub name: &'static str,
    /// How the credential travels.
    pub kind: SchemeKind,
}

/// How a scheme's credential travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// An API key in a header, a query parameter or a cookie of this name.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth2 and OpenID Connect access tokens).
    Bearer,
    /// `Authorization: Basic <user:password>`.
    Basic,
    /// A kind the runtime cannot send (HTTP digest, mutual TLS): no credential can be set for
    /// it, and an operation that needs only it is sent without credentials.
    Other,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter. The URL never appears in errors or traces, so the key does not either.
    Query,
    /// A cookie.
    Cookie,
}

/// A credential for one security scheme. Every secret part is a [`Secret`].
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credential {
    /// An API key, sent as is or after a prefix (`Token <key>`).
    ApiKey {
        /// The key.
        key: Secret,
        /// Text sent before the key, separated by a space.
        prefix: Option<String>,
    },
    /// A bearer or OAuth2 access token.
    Token(Secret),
    /// A user name and an optional password.
    Basic {
        /// The user name (not secret).
        username: String,
        /// The password.
        password: Option<Secret>,
    },
}

impl Credential {
    /// An API key sent as is.
    pub fn api_key(key: impl Into<Secret>) -> Credential {
        Credential::ApiKey {
            key: key.into(),
            prefix: None,
        }
    }

    /// An API key sent after `prefix` and a space (`Token <key>`).
    pub fn api_key_with_prefix(key: impl Into<Secret>, prefix: impl Into<String>) -> Credential {
        Credential::ApiKey {
            key: key.into(),
            prefix: Some(prefix.into()),
        }
    }

    /// A bearer or OAuth2 access token.
    pub fn token(token: impl Into<Secret>) -> Credential {
        Credential::Token(token.into())
    }

    /// HTTP basic credentials.
    pub fn basic(username: impl Into<String>, password: Option<Secret>) -> Credential {
        Credential::Basic {
            username: username.into(),
            password,
        }
    }

    /// The secret parts, for redaction.
    pub(crate) fn secret(&self) -> Option<&str> {
        match self {
            Credential::ApiKey { key, .. } | Credential::Token(key) => Some(key.expose()),
            Credential::Basic { password, .. } => password.as_ref().map(Secret::expose),
        }
    }

    /// Whether this credential can be used for `kind`.
    pub(crate) fn fits(&self, kind: SchemeKind) -> bool {
        matches!(
            (self, kind),
            (Credential::ApiKey { .. }, SchemeKind::ApiKey { .. })
                | (Credential::Token(_), SchemeKind::Bearer)
                | (Credential::Basic { .. }, SchemeKind::Basic)
        )
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::ApiKey { key, prefix } => f
                .debug_struct("ApiKey")
                .field("key", key)
                .field("prefix", prefix)
                .finish(),
            Credential::Token(token) => f.debug_tuple("Token").field(token).finish(),
            Credential::Basic { username, password } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", password)
                .finish(),
        }
    }
}
