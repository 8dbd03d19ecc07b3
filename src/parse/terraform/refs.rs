//! The references of an HCL expression (`var.x`, `local.y`, `TYPE.NAME`, `data.T.N`, `module.m`),
//! which unknown values carry so that policies can still join resources.

use hcl_edit::expr::{Expression, ForExpr, Traversal, TraversalOperator};
use hcl_edit::template::ForTemplateExpr;
use hcl_edit::visit::{self, Visit};

/// Collects what an expression refers to, as the address of the referenced object (`var.x`,
/// `data.T.N`, `TYPE.NAME`, ...), skipping the iteration variables of `for` expressions.
#[derive(Default)]
pub struct RefCollector {
    refs: Vec<String>,
    /// Names bound by enclosing `for` expressions and template `for` directives.
    bound: Vec<String>,
}

impl RefCollector {
    pub fn collect(expr: &Expression) -> Vec<String> {
        let mut collector = RefCollector::default();
        collector.visit_expr(expr);
        collector.refs
    }

    /// Record a reference rooted at `root` followed by the attribute names `attrs`.
    fn add<'a>(&mut self, root: &str, attrs: impl Iterator<Item = &'a str>) {
        if self.bound.iter().any(|b| b == root) {
            return;
        }
        // `data.TYPE.NAME` needs two attributes to name its object; everything else one.
        let wanted = if root == "data" { 2 } else { 1 };
        let mut address = root.to_string();
        for attr in attrs.take(wanted) {
            address.push('.');
            address.push_str(attr);
        }
        self.refs.push(address);
    }

    /// Visit `visit_body` with the iteration variables bound.
    fn with_bound(&mut self, vars: Vec<String>, visit_body: impl FnOnce(&mut Self)) {
        let depth = self.bound.len();
        self.bound.extend(vars);
        visit_body(self);
        self.bound.truncate(depth);
    }
}

fn loop_vars(
    key: Option<&hcl_edit::Decorated<hcl_edit::Ident>>,
    value: &hcl_edit::Decorated<hcl_edit::Ident>,
) -> Vec<String> {
    key.into_iter()
        .chain(std::iter::once(value))
        .map(|v| v.as_str().to_string())
        .collect()
}

impl Visit for RefCollector {
    fn visit_expr(&mut self, expr: &Expression) {
        match expr {
            Expression::Variable(var) => self.add(var.as_str(), std::iter::empty()),
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_traversal(&mut self, traversal: &Traversal) {
        match &traversal.expr {
            Expression::Variable(root) => {
                let attrs = traversal.operators.iter().map_while(|op| match op.value() {
                    TraversalOperator::GetAttr(name) => Some(name.as_str()),
                    _ => None,
                });
                self.add(root.as_str(), attrs);
            }
            other => self.visit_expr(other),
        }
        // Index expressions may hold references of their own (`x[var.i]`).
        for op in &traversal.operators {
            self.visit_traversal_operator(op);
        }
    }

    fn visit_for_expr(&mut self, for_expr: &ForExpr) {
        let intro = &for_expr.intro;
        self.visit_expr(&intro.collection_expr);
        let vars = loop_vars(intro.key_var.as_ref(), &intro.value_var);
        self.with_bound(vars, |this| {
            if let Some(key) = &for_expr.key_expr {
                this.visit_expr(key);
            }
            this.visit_expr(&for_expr.value_expr);
            if let Some(cond) = &for_expr.cond {
                this.visit_expr(&cond.expr);
            }
        });
    }

    // hcl-edit's default skips the collection of a template `for` directive.
    fn visit_for_template_expr(&mut self, for_expr: &ForTemplateExpr) {
        self.visit_expr(&for_expr.collection_expr);
        let vars = loop_vars(for_expr.key_var.as_ref(), &for_expr.value_var);
        self.with_bound(vars, |this| this.visit_template(&for_expr.template));
    }
}
