//! The `FILE_SAME_<OPTION>` rules: one rule per code-generator file option, all sharing one
//! comparison. Each option compares by its effective value (an unset option counts as its
//! default), written the way buf prints it: strings as they are, booleans `true`/`false`,
//! `optimize_for` by its enum name.

use super::Change;
use crate::model::FileOptions;
use crate::pair::Diff;
use crate::rules::quote::proto_string;
use crate::rules::{Example, Rule, Sink};

/// One file option as the rules see it.
struct FileOption {
    /// The option's name in `descriptor.proto`.
    name: &'static str,
    /// Its field number in `FileOptions`, under which the `option` statement's span is kept.
    number: i32,
    /// The value the file sets, as buf prints it; `None` when the file does not set it.
    explicit: fn(&FileOptions) -> Option<String>,
    /// The value of an unset option, as buf prints it.
    default: &'static str,
    /// A string option: written as a string literal in an `option` statement.
    string: bool,
}

impl FileOption {
    fn effective(&self, options: &FileOptions) -> String {
        (self.explicit)(options).unwrap_or_else(|| self.default.to_owned())
    }

    /// `option NAME = VALUE;` as it would be written in a .proto file.
    fn statement(&self, value: &str) -> String {
        if self.string {
            format!("option {} = {};", self.name, proto_string(value))
        } else {
            format!("option {} = {value};", self.name)
        }
    }
}

/// The shared check: the option's effective value must be the same in both versions of a file.
fn compare(diff: &Diff, sink: &mut Sink, option: &FileOption) {
    let what = format!("option \"{}\"", option.name);
    for (old, new) in diff.file_pairs() {
        let old_value = option.effective(&old.options);
        let new_value = option.effective(&new.options);
        let change = Change {
            old_file: old,
            new_file: new,
            what: &what,
            old_value: &old_value,
            new_value: &new_value,
            old_span: old.option_span(option.number),
            new_span: new.option_span(option.number),
        };
        if let Some(finding) = change.report(sink) {
            finding.help = Some(match (option.explicit)(&old.options) {
                Some(v) => format!("keep `{}`", option.statement(&v)),
                None => format!(
                    "remove `option {}`: the file did not set it (default {})",
                    option.name,
                    if option.string {
                        proto_string(option.default)
                    } else {
                        option.default.to_owned()
                    }
                ),
            });
        }
    }
}

/// `FileOptions.OptimizeMode` by name, as Go's `String()` prints it.
fn optimize_mode(mode: i32) -> String {
    match mode {
        1 => "SPEED".to_owned(),
        2 => "CODE_SIZE".to_owned(),
        3 => "LITE_RUNTIME".to_owned(),
        n => n.to_string(),
    }
}

/// Declares one `FILE_SAME_<OPTION>` rule: its option, its docs and a check that runs
/// [`compare`] for that option. The "what" text is built from the option's name, what the
/// option controls, and its default.
macro_rules! option_rule {
    (
        $const:ident = $id:literal,
        option: $name:literal = $number:literal,
        value: $explicit:expr,
        default: $default:literal as $default_written:literal,
        string: $string:literal,
        summary: $summary:literal,
        controls: $controls:literal,
        why: $why:literal,
        fix: $fix:literal,
        example: ($old:literal, $new:literal) $(,)?
    ) => {
        pub const $const: Rule = Rule {
            id: $id,
            summary: $summary,
            what: concat!(
                "For every file present in both versions (paired by path), the effective value \
                 of the file option `",
                $name,
                "` must stay the same. ",
                $controls,
                " An unset option counts as its default, `",
                $default_written,
                "`: writing `option ",
                $name,
                " = ",
                $default_written,
                ";` where the option was unset changes nothing, while setting another value, or \
                 removing a statement that set one, is a change."
            ),
            why: $why,
            fix: $fix,
            example: Example {
                old: $old,
                new: $new,
            },
            check: {
                fn check(diff: &Diff, sink: &mut Sink) {
                    compare(
                        diff,
                        sink,
                        &FileOption {
                            name: $name,
                            number: $number,
                            explicit: $explicit,
                            default: $default,
                            string: $string,
                        },
                    );
                }
                check
            },
        };
    };
}

option_rule! {
    CC_ENABLE_ARENAS = "FILE_SAME_CC_ENABLE_ARENAS",
    option: "cc_enable_arenas" = 31,
    value: |o| o.cc_enable_arenas.map(|b| b.to_string()),
    default: "true" as "true",
    string: false,
    summary: "The file option `cc_enable_arenas` changed (arena allocation in generated C++).",
    controls: "It tells protoc's C++ generator whether the file's messages support arena \
               allocation.",
    why: "C++ code that allocates these messages on a `google::protobuf::Arena` depends on the \
          arena support in the generated classes. With older C++ generators, turning the option \
          off drops the arena-specific accessors (`unsafe_arena_set_allocated_*` and the like), \
          so code using them no longer compiles, and arena allocation quietly falls back to \
          the heap with extra copies. Recent protoc releases always enable arenas, so a change \
          mostly shows that builds on older generators, or assumptions about them, now \
          disagree.",
    fix: "Restore the old value, or remove the statement if the file did not set it (arenas \
          are on by default).",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption cc_enable_arenas = false;"
    ),
}

option_rule! {
    CC_GENERIC_SERVICES = "FILE_SAME_CC_GENERIC_SERVICES",
    option: "cc_generic_services" = 16,
    value: |o| o.cc_generic_services.map(|b| b.to_string()),
    default: "false" as "false",
    string: false,
    summary: "The file option `cc_generic_services` changed (generic C++ service classes).",
    controls: "When true, protoc's C++ generator emits abstract service classes and stubs (the \
               generic RPC interface that predates gRPC) for the file's services.",
    why: "Turning it off deletes the generated `Service` and `Stub` classes that C++ code \
          subclasses or calls, so that code no longer compiles. Turning it on adds classes to \
          the generated headers whose names can clash with hand-written code or with what an \
          RPC plugin generates.",
    fix: "Restore the old value. If the generic services are still in use, move their users to \
          gRPC's generated stubs first, and only then drop the option.",
    example: (
        "syntax = \"proto2\";\npackage acme.meeting.v1;\noption cc_generic_services = true;",
        "syntax = \"proto2\";\npackage acme.meeting.v1;"
    ),
}

option_rule! {
    CSHARP_NAMESPACE = "FILE_SAME_CSHARP_NAMESPACE",
    option: "csharp_namespace" = 37,
    value: |o| o.csharp_namespace.clone(),
    default: "" as "\"\"",
    string: true,
    summary: "The file option `csharp_namespace` changed (the C# namespace of generated classes).",
    controls: "It sets the C# namespace of the generated classes; unset, protoc derives it from \
               the package (`acme.meeting.v1` gives `Acme.Meeting.V1`).",
    why: "Every generated class moves to another namespace: C# code with \
          `using Acme.Meeting.V1;` or fully qualified type names no longer compiles, and \
          anything that recorded type names (reflection, DI registrations, serialized type \
          names) no longer finds the types.",
    fix: "Keep the old namespace (or no option, if the file had none). To move the generated \
          code, start a new API version in new files with the new namespace and keep the old \
          ones until their callers have switched.",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption csharp_namespace = \"Acme.Meeting.V1\";",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption csharp_namespace = \"Acme.Meetings\";"
    ),
}

option_rule! {
    GO_PACKAGE = "FILE_SAME_GO_PACKAGE",
    option: "go_package" = 11,
    value: |o| o.go_package.clone(),
    default: "" as "\"\"",
    string: true,
    summary: "The file option `go_package` changed (the Go import path of generated code).",
    controls: "It sets the Go import path of the generated code, optionally followed by `;` and \
               the Go package name.",
    why: "Go code reaches generated code through its import path. A new `go_package` moves the \
          generated package: every `import \"github.com/acme/api/meeting/v1\"` in callers breaks, \
          and the generated code of other .proto files that import this one now refers to the \
          new path, so old and new generated code cannot be mixed. Linking both copies into one \
          binary registers the same .proto file twice, which protobuf-go reports as a \
          registration conflict at startup.",
    fix: "Keep the old `go_package`. If the Go module really moves, generate into the new path \
          as a new API version (new .proto files, new package) and keep the old one until its \
          importers have switched.",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption go_package = \"github.com/acme/api/meeting/v1;meetingv1\";",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption go_package = \"github.com/acme/meeting/gen/v1;meetingv1\";"
    ),
}

option_rule! {
    JAVA_GENERIC_SERVICES = "FILE_SAME_JAVA_GENERIC_SERVICES",
    option: "java_generic_services" = 17,
    value: |o| o.java_generic_services.map(|b| b.to_string()),
    default: "false" as "false",
    string: false,
    summary: "The file option `java_generic_services` changed (generic Java service classes).",
    controls: "When true, protoc's Java generator emits abstract service classes (subclasses of \
               `com.google.protobuf.Service` with `Interface`, `Stub` and `BlockingInterface`) \
               for the file's services.",
    why: "Turning it off deletes the generated service classes that Java code implements or \
          calls, so that code no longer compiles. Turning it on adds nested classes whose names \
          can clash with hand-written code or with what an RPC plugin generates.",
    fix: "Restore the old value. If the generic services are still in use, move their users to \
          gRPC's generated stubs first, and only then drop the option.",
    example: (
        "syntax = \"proto2\";\npackage acme.meeting.v1;\noption java_generic_services = true;",
        "syntax = \"proto2\";\npackage acme.meeting.v1;"
    ),
}

option_rule! {
    JAVA_MULTIPLE_FILES = "FILE_SAME_JAVA_MULTIPLE_FILES",
    option: "java_multiple_files" = 10,
    value: |o| o.java_multiple_files.map(|b| b.to_string()),
    default: "false" as "false",
    string: false,
    summary: "The file option `java_multiple_files` changed (one Java class per type, or nested \
              classes).",
    controls: "When true, protoc generates each top-level message, enum and service as a Java \
               class of its own; when false they are nested inside the file's outer class.",
    why: "The Java names of the generated classes change: with `false` callers write \
          `MeetingProto.Participant`, with `true` just `Participant`. Every import and \
          reference in Java and Kotlin callers breaks, and so does anything that stored class \
          names (reflection, serialized Java objects).",
    fix: "Restore the old value. New files can use the other layout; existing files keep theirs.",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption java_multiple_files = true;",
        "syntax = \"proto3\";\npackage acme.meeting.v1;"
    ),
}

option_rule! {
    JAVA_OUTER_CLASSNAME = "FILE_SAME_JAVA_OUTER_CLASSNAME",
    option: "java_outer_classname" = 8,
    value: |o| o.java_outer_classname.clone(),
    default: "" as "\"\"",
    string: true,
    summary: "The file option `java_outer_classname` changed (the Java class that wraps the \
              file).",
    controls: "It names the Java outer class generated for the file; unset, protoc derives the \
               name from the file name (`meeting_service.proto` gives `MeetingService`, with \
               `OuterClass` appended when a type has the same name).",
    why: "The outer class holds the file's descriptor and, unless `java_multiple_files` is \
          true, every message and enum class of the file. Renaming it breaks every Java and \
          Kotlin reference such as `MeetingProtos.Participant` or \
          `MeetingProtos.getDescriptor()`.",
    fix: "Keep the old outer class name (or no option, if the file had none).",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption java_outer_classname = \"MeetingProtos\";",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption java_outer_classname = \"MeetingProto\";"
    ),
}

option_rule! {
    JAVA_PACKAGE = "FILE_SAME_JAVA_PACKAGE",
    option: "java_package" = 1,
    value: |o| o.java_package.clone(),
    default: "" as "\"\"",
    string: true,
    summary: "The file option `java_package` changed (the Java package of generated classes).",
    controls: "It sets the Java package of the generated classes; unset, protoc uses the proto \
               package.",
    why: "Every generated class moves to another Java package: \
          `import com.acme.meeting.v1.Participant;` in Java and Kotlin callers stops compiling, \
          and code that finds classes by name (reflection, framework configuration, serialized \
          Java objects) no longer finds them. Classes generated from other .proto files that \
          import this one refer to the new package, so jars built from the old and the new \
          version cannot be mixed.",
    fix: "Keep the old `java_package` (or no option, if the file had none). To move the \
          generated code, start a new API version in new files with the new package and keep \
          the old ones until their callers have switched.",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption java_package = \"com.acme.meeting.v1\";",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption java_package = \"com.acme.meetings\";"
    ),
}

option_rule! {
    OBJC_CLASS_PREFIX = "FILE_SAME_OBJC_CLASS_PREFIX",
    option: "objc_class_prefix" = 36,
    value: |o| o.objc_class_prefix.clone(),
    default: "" as "\"\"",
    string: true,
    summary: "The file option `objc_class_prefix` changed (the prefix of generated Objective-C \
              classes).",
    controls: "It sets the prefix of every Objective-C class generated for the file (`ACM` \
               gives `ACMParticipant`).",
    why: "The generated class names change, so Objective-C and Swift code that refers to \
          `ACMParticipant` no longer compiles. Objective-C has one flat class namespace, so a \
          new prefix can also collide with classes of other libraries.",
    fix: "Keep the old prefix (or no option, if the file had none).",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption objc_class_prefix = \"ACM\";",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption objc_class_prefix = \"AMT\";"
    ),
}

option_rule! {
    OPTIMIZE_FOR = "FILE_SAME_OPTIMIZE_FOR",
    option: "optimize_for" = 9,
    value: |o| o.optimize_for.map(optimize_mode),
    default: "SPEED" as "SPEED",
    string: false,
    summary: "The file option `optimize_for` changed (SPEED, CODE_SIZE or LITE_RUNTIME code).",
    controls: "It picks what protoc's C++ and Java generators optimise the code for: `SPEED` \
               (full generated parsers and serializers), `CODE_SIZE` (smaller code built on \
               reflection) or `LITE_RUNTIME` (code for the lite runtime, without descriptors \
               or reflection).",
    why: "`LITE_RUNTIME` code links against another runtime library (`protobuf-lite`, \
          `protobuf-javalite`) and its messages implement `MessageLite` instead of `Message`: \
          callers that use descriptors, reflection, text format or JSON stop compiling, and \
          protoc refuses to let a non-lite file import a lite one. Moving between `SPEED` and \
          `CODE_SIZE` keeps the API but changes parsing and serialization speed a lot.",
    fix: "Restore the old value. For a lite build, choose the lite runtime in the build instead \
          (e.g. `--java_out=lite:` or the lite rules of your build system) rather than in the \
          shared .proto file.",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption optimize_for = LITE_RUNTIME;"
    ),
}

option_rule! {
    PHP_CLASS_PREFIX = "FILE_SAME_PHP_CLASS_PREFIX",
    option: "php_class_prefix" = 40,
    value: |o| o.php_class_prefix.clone(),
    default: "" as "\"\"",
    string: true,
    summary: "The file option `php_class_prefix` changed (the prefix of generated PHP classes).",
    controls: "It sets a prefix that protoc puts in front of every PHP class generated for the \
               file.",
    why: "Every generated PHP class is renamed, so `use` statements and `new` expressions in \
          PHP callers fail with class-not-found errors. PHP resolves classes only when the code \
          runs, so nothing catches this before deployment.",
    fix: "Keep the old prefix (or no option, if the file had none).",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption php_class_prefix = \"Acme\";",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption php_class_prefix = \"Amt\";"
    ),
}

option_rule! {
    PHP_METADATA_NAMESPACE = "FILE_SAME_PHP_METADATA_NAMESPACE",
    option: "php_metadata_namespace" = 44,
    value: |o| o.php_metadata_namespace.clone(),
    default: "" as "\"\"",
    string: true,
    summary: "The file option `php_metadata_namespace` changed (where the PHP descriptor class \
              lives).",
    controls: "It sets the namespace of the PHP metadata class that registers the file's \
               descriptor; unset, protoc derives it from the file's path under `GPBMetadata\\`.",
    why: "The generated classes of this file, and of every file that imports it, call the \
          metadata class by name to load descriptors before first use. Moving it breaks code \
          generated against the old name (old and new generated code mixed in one project) and \
          autoload (PSR-4) mappings set up for the old namespace, with class-not-found errors \
          at run time.",
    fix: "Keep the old metadata namespace (or no option, if the file had none).",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption php_metadata_namespace = \"Acme\\\\Meta\";",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption php_metadata_namespace = \"Acme\\\\Metadata\";"
    ),
}

option_rule! {
    PHP_NAMESPACE = "FILE_SAME_PHP_NAMESPACE",
    option: "php_namespace" = 41,
    value: |o| o.php_namespace.clone(),
    default: "" as "\"\"",
    string: true,
    summary: "The file option `php_namespace` changed (the PHP namespace of generated classes).",
    controls: "It sets the PHP namespace of the generated classes; unset, protoc derives it \
               from the package (`acme.meeting.v1` gives `Acme\\Meeting\\V1`).",
    why: "Every generated class moves to another namespace: `use Acme\\Meeting\\V1\\Participant;` \
          in PHP callers fails with class-not-found at run time, and PSR-4 autoload mappings \
          point at the wrong directory.",
    fix: "Keep the old namespace (or no option, if the file had none). To move the generated \
          code, start a new API version in new files and keep the old ones until their callers \
          have switched.",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption php_namespace = \"Acme\\\\Meeting\\\\V1\";",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption php_namespace = \"Acme\\\\Meetings\";"
    ),
}

option_rule! {
    PY_GENERIC_SERVICES = "FILE_SAME_PY_GENERIC_SERVICES",
    option: "py_generic_services" = 18,
    value: |o| o.py_generic_services.map(|b| b.to_string()),
    default: "false" as "false",
    string: false,
    summary: "The file option `py_generic_services` changed (generic Python service classes).",
    controls: "When true, protoc's Python generator emits abstract service and stub classes \
               (the generic RPC interface that predates gRPC) for the file's services.",
    why: "Turning it off deletes classes that Python code subclasses or instantiates; that \
          code fails with `AttributeError` when it runs. Turning it on adds module attributes \
          that can shadow names callers expect.",
    fix: "Restore the old value. If the generic services are still in use, move their users to \
          gRPC's generated stubs first, and only then drop the option.",
    example: (
        "syntax = \"proto2\";\npackage acme.meeting.v1;\noption py_generic_services = true;",
        "syntax = \"proto2\";\npackage acme.meeting.v1;"
    ),
}

option_rule! {
    RUBY_PACKAGE = "FILE_SAME_RUBY_PACKAGE",
    option: "ruby_package" = 45,
    value: |o| o.ruby_package.clone(),
    default: "" as "\"\"",
    string: true,
    summary: "The file option `ruby_package` changed (the Ruby module of generated classes).",
    controls: "It sets the Ruby module the generated classes live in; unset, protoc derives it \
               from the package (`acme.meeting.v1` gives `Acme::Meeting::V1`).",
    why: "Ruby code refers to the generated classes as constants like \
          `Acme::Meeting::V1::Participant`; after the change that constant is undefined and \
          callers fail with `NameError` when they run.",
    fix: "Keep the old module (or no option, if the file had none).",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption ruby_package = \"Acme::Meeting::V1\";",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption ruby_package = \"Acme::Meetings\";"
    ),
}

option_rule! {
    SWIFT_PREFIX = "FILE_SAME_SWIFT_PREFIX",
    option: "swift_prefix" = 39,
    value: |o| o.swift_prefix.clone(),
    default: "" as "\"\"",
    string: true,
    summary: "The file option `swift_prefix` changed (the prefix of generated Swift types).",
    controls: "It sets the prefix of every Swift type generated for the file; unset, \
               swift-protobuf derives one from the package (`acme.meeting.v1` gives \
               `Acme_Meeting_V1_`).",
    why: "Every generated Swift type is renamed (`Acme_Meeting_V1_Participant` becomes \
          `ACMParticipant`), so Swift code that uses the old names no longer compiles.",
    fix: "Keep the old prefix (or no option, if the file had none).",
    example: (
        "syntax = \"proto3\";\npackage acme.meeting.v1;",
        "syntax = \"proto3\";\npackage acme.meeting.v1;\noption swift_prefix = \"ACM\";"
    ),
}
