//! The googleapis common protos (`google/api`, `google/rpc`, `google/type`), built in beside
//! the well-known types so that `import "google/api/annotations.proto"` works without a copy
//! or a network. A copy in the input or under `-I` wins: these come last in the resolver chain.
//! The files are those of the crates.io package `google-cloud` 0.2.1 (googleapis, Apache-2.0,
//! see googleapis/LICENSE.txt), unchanged.

/// `(import path, text)` of every built-in googleapis file.
pub static FILES: &[(&str, &str)] = &[
    (
        "google/api/annotations.proto",
        include_str!("googleapis/google/api/annotations.proto"),
    ),
    (
        "google/api/auth.proto",
        include_str!("googleapis/google/api/auth.proto"),
    ),
    (
        "google/api/backend.proto",
        include_str!("googleapis/google/api/backend.proto"),
    ),
    (
        "google/api/billing.proto",
        include_str!("googleapis/google/api/billing.proto"),
    ),
    (
        "google/api/client.proto",
        include_str!("googleapis/google/api/client.proto"),
    ),
    (
        "google/api/config_change.proto",
        include_str!("googleapis/google/api/config_change.proto"),
    ),
    (
        "google/api/consumer.proto",
        include_str!("googleapis/google/api/consumer.proto"),
    ),
    (
        "google/api/context.proto",
        include_str!("googleapis/google/api/context.proto"),
    ),
    (
        "google/api/control.proto",
        include_str!("googleapis/google/api/control.proto"),
    ),
    (
        "google/api/distribution.proto",
        include_str!("googleapis/google/api/distribution.proto"),
    ),
    (
        "google/api/documentation.proto",
        include_str!("googleapis/google/api/documentation.proto"),
    ),
    (
        "google/api/endpoint.proto",
        include_str!("googleapis/google/api/endpoint.proto"),
    ),
    (
        "google/api/field_behavior.proto",
        include_str!("googleapis/google/api/field_behavior.proto"),
    ),
    (
        "google/api/http.proto",
        include_str!("googleapis/google/api/http.proto"),
    ),
    (
        "google/api/httpbody.proto",
        include_str!("googleapis/google/api/httpbody.proto"),
    ),
    (
        "google/api/label.proto",
        include_str!("googleapis/google/api/label.proto"),
    ),
    (
        "google/api/launch_stage.proto",
        include_str!("googleapis/google/api/launch_stage.proto"),
    ),
    (
        "google/api/log.proto",
        include_str!("googleapis/google/api/log.proto"),
    ),
    (
        "google/api/logging.proto",
        include_str!("googleapis/google/api/logging.proto"),
    ),
    (
        "google/api/metric.proto",
        include_str!("googleapis/google/api/metric.proto"),
    ),
    (
        "google/api/monitored_resource.proto",
        include_str!("googleapis/google/api/monitored_resource.proto"),
    ),
    (
        "google/api/monitoring.proto",
        include_str!("googleapis/google/api/monitoring.proto"),
    ),
    (
        "google/api/quota.proto",
        include_str!("googleapis/google/api/quota.proto"),
    ),
    (
        "google/api/resource.proto",
        include_str!("googleapis/google/api/resource.proto"),
    ),
    (
        "google/api/service.proto",
        include_str!("googleapis/google/api/service.proto"),
    ),
    (
        "google/api/source_info.proto",
        include_str!("googleapis/google/api/source_info.proto"),
    ),
    (
        "google/api/system_parameter.proto",
        include_str!("googleapis/google/api/system_parameter.proto"),
    ),
    (
        "google/api/usage.proto",
        include_str!("googleapis/google/api/usage.proto"),
    ),
    (
        "google/rpc/code.proto",
        include_str!("googleapis/google/rpc/code.proto"),
    ),
    (
        "google/rpc/error_details.proto",
        include_str!("googleapis/google/rpc/error_details.proto"),
    ),
    (
        "google/rpc/status.proto",
        include_str!("googleapis/google/rpc/status.proto"),
    ),
    (
        "google/type/calendar_period.proto",
        include_str!("googleapis/google/type/calendar_period.proto"),
    ),
    (
        "google/type/color.proto",
        include_str!("googleapis/google/type/color.proto"),
    ),
    (
        "google/type/date.proto",
        include_str!("googleapis/google/type/date.proto"),
    ),
    (
        "google/type/dayofweek.proto",
        include_str!("googleapis/google/type/dayofweek.proto"),
    ),
    (
        "google/type/expr.proto",
        include_str!("googleapis/google/type/expr.proto"),
    ),
    (
        "google/type/fraction.proto",
        include_str!("googleapis/google/type/fraction.proto"),
    ),
    (
        "google/type/latlng.proto",
        include_str!("googleapis/google/type/latlng.proto"),
    ),
    (
        "google/type/money.proto",
        include_str!("googleapis/google/type/money.proto"),
    ),
    (
        "google/type/postal_address.proto",
        include_str!("googleapis/google/type/postal_address.proto"),
    ),
    (
        "google/type/quaternion.proto",
        include_str!("googleapis/google/type/quaternion.proto"),
    ),
    (
        "google/type/timeofday.proto",
        include_str!("googleapis/google/type/timeofday.proto"),
    ),
];

/// The Buf Schema Registry module that usually provides an import path, for the message of
/// an import that is still missing.
pub fn module_of(import: &str) -> Option<&'static str> {
    const KNOWN: &[(&str, &str)] = &[
        ("buf/validate/", "buf.build/bufbuild/protovalidate"),
        ("validate/", "buf.build/envoyproxy/protoc-gen-validate"),
        (
            "protoc-gen-openapiv2/",
            "buf.build/grpc-ecosystem/grpc-gateway",
        ),
        ("google/", "buf.build/googleapis/googleapis"),
        ("grpc/", "buf.build/grpc/grpc"),
        ("opentelemetry/", "buf.build/opentelemetry/opentelemetry"),
    ];
    // protobuf's own files: the well-known types are built in, and the rest (unittest.proto
    // and the like) belong to no registry module.
    if import.starts_with("google/protobuf/") {
        return None;
    }
    KNOWN
        .iter()
        .find(|(prefix, _)| import.starts_with(prefix))
        .map(|(_, module)| *module)
}

/// The help for an import found nowhere.
pub fn missing_import_help(import: &str) -> String {
    let provide = "provide it with -I DIR, where DIR holds a copy of the dependency (e.g. a \
                   checkout of the module, or `buf export MODULE -o DIR` run where a network is \
                   available)";
    match module_of(import) {
        Some(module) => format!(
            "{import} belongs to the dependency {module} (a `deps:` entry of buf.yaml, which \
             protocheck does not fetch): {provide}"
        ),
        None => format!(
            "{import} is in neither the input nor an -I root: add the directory that holds it \
             with -I DIR"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protobufs_own_files_are_not_ascribed_to_googleapis() {
        assert_eq!(module_of("google/protobuf/unittest.proto"), None);
        assert_eq!(
            module_of("google/cloud/common.proto"),
            Some("buf.build/googleapis/googleapis")
        );
        assert!(missing_import_help("google/protobuf/unittest.proto").contains("neither"));
    }

    #[test]
    fn every_built_in_file_is_under_its_directories() {
        const DIRS: &[&str] = &["google/api/", "google/rpc/", "google/type/"];
        assert!(FILES.len() > 30);
        for (name, text) in FILES {
            assert!(DIRS.iter().any(|d| name.starts_with(d)), "{name}");
            assert!(text.contains("package google."), "{name}");
        }
    }

    #[test]
    fn missing_imports_name_their_module() {
        let help = missing_import_help("buf/validate/validate.proto");
        assert!(help.contains("buf.build/bufbuild/protovalidate"), "{help}");
        assert!(help.contains("-I DIR"), "{help}");
    }
}
