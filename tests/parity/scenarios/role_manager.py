"""Parity scenarios for Role Manager: account properties and role templates."""

POWER = "arn:aws:iam::aws:role-template/iam.amazonaws.com/PowerUserRoleTemplate:1"

SCENARIOS = {
    "account_properties": [
        ("iam", "GetAccountProperties", {}),
        ("iam", "PutAccountProperties", {"Properties": {"RoleManager/Enabled": "true"}}),
        ("iam", "GetAccountProperties", {}),
        ("iam", "PutAccountProperties", {"Properties": {"RoleManager/Enabled": "yes"}}),
        ("iam", "PutAccountProperties", {"Properties": {"RoleManager/Enabled/X": "true"}}),
        ("iam", "PutAccountProperties",
         {"Properties": {"RoleManager/Enabled": "false", "Other/Enabled": "true"}}),
        ("iam", "PutAccountProperties", {"Properties": {"RoleManager/Enabled": "false"}}),
        ("iam", "GetAccountProperties", {}),
    ],
    "role_templates": [
        ("iam", "GetRoleTemplateVersion", {"TemplateArn": POWER}),
        ("iam", "GetRoleTemplateVersion", {"TemplateArn": POWER, "MinorVersion": -1}),
        ("iam", "GetRoleTemplateVersion", {"TemplateArn": "arn:aws:iam::123456789012:role/r1"}),
        ("iam", "AcquireRole",
         {"TemplateArn": POWER, "TemplateMinorVersion": 1,
          "ReplacementValues": {"RoleName": {"Values": ["my-role"]}}}),
        ("iam", "AcquireRole", {"TemplateArn": "arn:aws:iam::aws:policy/PowerUserAccess"}),
        ("iam", "ListRoles", {}),
    ],
}
