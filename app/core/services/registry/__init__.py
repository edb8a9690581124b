"""一单两库 + 专家库: services for the registries (targets, inspectors, experts, items, conflicts)."""
