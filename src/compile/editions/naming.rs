//! Edition 2024's naming style (`features.enforce_naming_style = STYLE2024`, its default): what
//! protoc says is wrong with a name, or `None` when it is fine.

/// `STYLE2024` and later styles enforce the rules; `STYLE_LEGACY` (2) opts out.
pub fn enforced(style: i32) -> bool {
    style == 1 || style >= 3
}

/// Messages, enums, services and methods: ASCII letters and digits, first a capital.
pub fn title_case(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("is empty")
    } else if !name.bytes().all(|c| c.is_ascii_alphanumeric()) {
        Some("should be TitleCase")
    } else if !name.as_bytes()[0].is_ascii_uppercase() {
        Some("should begin with a capital letter")
    } else {
        None
    }
}

/// Fields, oneofs and packages (which may hold dots).
pub fn lower_snake_case(name: &str) -> Option<&'static str> {
    snake(
        name,
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'.',
        u8::is_ascii_lowercase,
        [
            "should be lower_snake_case",
            "should begin with a lower case letter",
        ],
    )
}

/// Enum values.
pub fn upper_snake_case(name: &str) -> Option<&'static str> {
    snake(
        name,
        |c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_',
        u8::is_ascii_uppercase,
        [
            "should be UPPER_SNAKE_CASE",
            "should begin with an upper case letter",
        ],
    )
}

fn snake(
    name: &str,
    allowed: impl Fn(u8) -> bool,
    first: impl Fn(&u8) -> bool,
    [not_allowed, bad_first]: [&'static str; 2],
) -> Option<&'static str> {
    let bytes = name.as_bytes();
    if bytes.is_empty() {
        Some("is empty")
    } else if !bytes.iter().all(|&c| allowed(c)) {
        Some(not_allowed)
    } else if !first(&bytes[0]) {
        Some(bad_first)
    } else if bad_underscores(bytes) {
        Some("contains style violating underscores")
    } else {
        None
    }
}

/// A leading or trailing underscore, or one not followed by a letter.
fn bad_underscores(name: &[u8]) -> bool {
    name.first() == Some(&b'_')
        || name.last() == Some(&b'_')
        || name
            .windows(2)
            .any(|w| w[0] == b'_' && !w[1].is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_protoc_judges_them() {
        // Each verdict checked against protoc 36.2 on an edition 2024 file.
        assert_eq!(title_case("HTTPRequest"), None);
        assert_eq!(title_case("bad_message"), Some("should be TitleCase"));
        assert_eq!(title_case("Inner_Msg"), Some("should be TitleCase"));
        assert_eq!(title_case("m"), Some("should begin with a capital letter"));
        assert_eq!(lower_snake_case("a2b"), None);
        assert_eq!(lower_snake_case("good.v1_beta"), None);
        assert_eq!(lower_snake_case("aB"), Some("should be lower_snake_case"));
        assert_eq!(
            lower_snake_case("_a"),
            Some("should begin with a lower case letter")
        );
        for bad in ["a_1", "a__b", "field1_", "a_.b"] {
            assert_eq!(
                lower_snake_case(bad),
                Some("contains style violating underscores"),
                "{bad}"
            );
        }
        assert_eq!(upper_snake_case("E1_A"), None);
        assert_eq!(
            upper_snake_case("lowerValue"),
            Some("should be UPPER_SNAKE_CASE")
        );
        assert_eq!(
            upper_snake_case("_E"),
            Some("should begin with an upper case letter")
        );
        assert_eq!(
            upper_snake_case("E_1"),
            Some("contains style violating underscores")
        );
        assert!(enforced(1) && !enforced(2) && !enforced(0) && enforced(3));
    }
}
