//! A map entry's key and value fields take the features of the map field that declares them
//! (protoc's and buf's resolution), not those of the enclosing message. Checked by hand against
//! buf 1.75 (`buf breaking new --against old`) on these very files: moving a message between
//! files with `utf8_validation = NONE` set at the file level in OLD and on the fields in NEW
//! changes nothing for buf, so it must change nothing here; dropping the field-level feature
//! makes buf report the key, the value and the plain field.

mod common;

const OLD: &str = "edition = \"2023\";\npackage p;\noption features.utf8_validation = NONE;\n\
                   message M {\n  map<string, string> m = 1;\n  string s = 2;\n}\nmessage K {}\n";

fn rules(new: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("old")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("new")).expect("mkdir");
    std::fs::write(dir.path().join("old/a.proto"), OLD).expect("write");
    for (name, text) in new {
        std::fs::write(dir.path().join("new").join(name), text).expect("write");
    }
    let run = common::protocheck_in(dir.path(), ["diff", "old", "new", "--format", "json"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let mut out: Vec<String> = common::json(&run)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    out.sort();
    out
}

const WITH_FIELD_FEATURES: &str = "edition = \"2023\";\npackage p;\nmessage M {\n  \
     map<string, string> m = 1 [features.utf8_validation = NONE];\n  \
     string s = 2 [features.utf8_validation = NONE];\n}\n";

#[test]
fn moving_a_message_keeps_the_map_fields_features_on_key_and_value() {
    // Same file.
    let same_file = WITH_FIELD_FEATURES.replace("}\n", "}\nmessage K {}\n");
    assert_eq!(rules(&[("a.proto", &same_file)]), Vec::<String>::new());
    // Moved to another file of the package (buf: only the two MESSAGE_NO_DELETE of a.proto).
    let a =
        "edition = \"2023\";\npackage p;\noption features.utf8_validation = NONE;\nmessage K {}\n";
    assert_eq!(
        rules(&[("a.proto", a), ("b.proto", WITH_FIELD_FEATURES)]),
        [
            "MESSAGE_NO_DELETE Previously present message \"M\" was deleted from file.",
            "MESSAGE_NO_DELETE Previously present message \"M.MEntry\" was deleted from file.",
        ]
    );
}

#[test]
fn without_the_field_feature_key_and_value_change_like_buf_says() {
    let plain = WITH_FIELD_FEATURES.replace(" [features.utf8_validation = NONE]", "");
    let same_file = plain.replace("}\n", "}\nmessage K {}\n");
    assert_eq!(
        rules(&[("a.proto", &same_file)]),
        [
            "FIELD_SAME_JAVA_UTF8_VALIDATION Field \"1\" with name \"key\" on message \"MEntry\" changed Java string UTF8 validation from \"NONE\" to \"VERIFY\".",
            "FIELD_SAME_JAVA_UTF8_VALIDATION Field \"2\" with name \"s\" on message \"M\" changed Java string UTF8 validation from \"NONE\" to \"VERIFY\".",
            "FIELD_SAME_JAVA_UTF8_VALIDATION Field \"2\" with name \"value\" on message \"MEntry\" changed Java string UTF8 validation from \"NONE\" to \"VERIFY\".",
            "FIELD_SAME_UTF8_VALIDATION Field \"1\" with name \"key\" on message \"MEntry\" changed UTF8 validation from NONE to VERIFY.",
            "FIELD_SAME_UTF8_VALIDATION Field \"2\" with name \"s\" on message \"M\" changed UTF8 validation from NONE to VERIFY.",
            "FIELD_SAME_UTF8_VALIDATION Field \"2\" with name \"value\" on message \"MEntry\" changed UTF8 validation from NONE to VERIFY.",
        ]
    );
}
