//! Groups discovered files into units, what one evaluation sees so that rules can join resources:
//! Terraform = the `.tf` files of one directory (a module), ARM = one template with its parameters
//! files, Bicep = one `.bicep` file with the `.bicepparam` files that name it, Kubernetes = the
//! manifests of one directory.

use std::collections::BTreeMap;

use crate::discover::{FileKind, SourceFile};
use crate::parse::Format;

/// The files evaluated together.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The directory (Terraform, Kubernetes) or template file (ARM), relative, `/` separators.
    pub name: String,
    pub format: Format,
    pub files: Vec<SourceFile>,
}

impl Unit {
    /// Whether any finding of this unit can be reported.
    fn has_reported_file(&self) -> bool {
        self.files.iter().any(|f| f.reported)
    }

    /// The unit with the text of every file read (discovery does not keep texts), and apart the
    /// files that cannot be read now, with why. A file that already has its text keeps it.
    pub fn read(&self) -> (Unit, Vec<(SourceFile, String)>) {
        let mut files = Vec::with_capacity(self.files.len());
        let mut unreadable = Vec::new();
        for f in &self.files {
            if !f.text.is_empty() {
                files.push(f.clone());
                continue;
            }
            match f.read() {
                Ok(read) => files.push(read),
                Err(e) => unreadable.push((f.clone(), e)),
            }
        }
        let unit = Unit {
            files,
            ..self.clone()
        };
        (unit, unreadable)
    }
}

fn format_of(kind: FileKind) -> Format {
    match kind {
        FileKind::Terraform | FileKind::TerraformVars => Format::Terraform,
        FileKind::TerraformPlan => Format::TerraformPlan,
        FileKind::ArmTemplate | FileKind::ArmParameters => Format::Arm,
        FileKind::Kubernetes => Format::Kubernetes,
        FileKind::Bicep | FileKind::BicepParams => Format::Bicep,
    }
}

/// The template a parameters file belongs to: `x.parameters.json` and `x.parameters.<env>.json`
/// go with `x.json` in the same directory.
fn template_of_parameters(display: &str) -> Option<String> {
    let (dir, name) = match display.rsplit_once('/') {
        Some((dir, name)) => (Some(dir), name),
        None => (None, display),
    };
    let lower = name.to_ascii_lowercase();
    let at = lower.find(".parameters.")?;
    let template = format!("{}.json", &name[..at]);
    Some(match dir {
        Some(dir) => format!("{dir}/{template}"),
        None => template,
    })
}

/// The template a `.bicepparam` file names with `using` (read now: discovery keeps no text).
fn template_of_bicepparam(file: &SourceFile) -> Option<String> {
    let text = match file.text.is_empty() {
        true => std::fs::read_to_string(&file.path).ok()?,
        false => file.text.to_string(),
    };
    crate::parse::bicep::lower::using_target(&file.display, &text)
}

fn parent_dir(display: &str) -> String {
    match display.rsplit_once('/') {
        Some((dir, _)) if !dir.is_empty() => dir.to_string(),
        Some(_) => "/".to_string(),
        None => ".".to_string(),
    }
}

/// Units in a deterministic order (by format, then name); files within a unit sorted by path.
/// Units with no reported file are dropped.
pub fn group(files: Vec<SourceFile>) -> Vec<Unit> {
    let mut by_key: BTreeMap<(Format, String), Vec<SourceFile>> = BTreeMap::new();
    for file in files {
        let format = format_of(file.kind);
        let name = match file.kind {
            FileKind::ArmParameters => match template_of_parameters(&file.display) {
                Some(template) => template,
                None => continue,
            },
            FileKind::BicepParams => match template_of_bicepparam(&file) {
                Some(template) => template,
                None => continue,
            },
            FileKind::ArmTemplate | FileKind::TerraformPlan | FileKind::Bicep => {
                file.display.clone()
            }
            FileKind::Terraform | FileKind::TerraformVars | FileKind::Kubernetes => {
                parent_dir(&file.display)
            }
        };
        by_key.entry((format, name)).or_default().push(file);
    }
    by_key
        .into_iter()
        .map(|((format, name), mut files)| {
            files.sort_by(|a, b| a.display.cmp(&b.display));
            Unit {
                name,
                format,
                files,
            }
        })
        // A unit needs a file that declares resources: variable or parameters files alone are
        // not checked.
        .filter(|u| u.files.iter().any(|f| !f.kind.is_auxiliary()))
        .filter(Unit::has_reported_file)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(display: &str, kind: FileKind, reported: bool) -> SourceFile {
        SourceFile {
            display: display.into(),
            path: PathBuf::from(display),
            kind,
            text: "".into(),
            reported,
        }
    }

    #[test]
    fn groups_by_directory_and_template() {
        let units = group(vec![
            file("infra/aks/b.tf", FileKind::Terraform, true),
            file("infra/aks/a.tf", FileKind::Terraform, true),
            file("infra/net/main.tf", FileKind::Terraform, false),
            file("arm/a.json", FileKind::ArmTemplate, true),
            file("arm/b.json", FileKind::ArmTemplate, true),
            file("k8s/x.yaml", FileKind::Kubernetes, true),
            file("k8s/y.yaml", FileKind::Kubernetes, true),
            file("top.tf", FileKind::Terraform, true),
            file("infra/aks/terraform.tfvars", FileKind::TerraformVars, true),
            file("infra/vars/prod.auto.tfvars", FileKind::TerraformVars, true),
            file("arm/a.parameters.json", FileKind::ArmParameters, true),
            file("arm/a.parameters.prod.json", FileKind::ArmParameters, true),
            file("arm/orphan.parameters.json", FileKind::ArmParameters, true),
        ]);
        let names: Vec<_> = units.iter().map(|u| (u.format, u.name.as_str())).collect();
        assert_eq!(
            names,
            vec![
                (Format::Terraform, "."),
                (Format::Terraform, "infra/aks"),
                (Format::Arm, "arm/a.json"),
                (Format::Arm, "arm/b.json"),
                (Format::Kubernetes, "k8s"),
            ]
        );
        assert_eq!(units[1].files[0].display, "infra/aks/a.tf");
        assert_eq!(units[1].files.len(), 3);
        let arm: Vec<_> = units[2].files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(
            arm,
            [
                "arm/a.json",
                "arm/a.parameters.json",
                "arm/a.parameters.prod.json"
            ]
        );
        assert_eq!(
            template_of_parameters("azuredeploy.parameters.json").as_deref(),
            Some("azuredeploy.json")
        );
        assert_eq!(template_of_parameters("a/b.json"), None);
    }
}
