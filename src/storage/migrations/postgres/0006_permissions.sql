-- Named permissions granted to roles (issue 8, WEB.md §3, DESIGN.md §7). A role is a group, or the
-- built-in role 'personnel' (shown as "Personnel"), whose members are exactly the users with an
-- active personnel record: it has no row in groups, so nobody can join it through user_groups.
-- Superusers have every permission in code; no grant row names them. The grants below are the
-- defaults; the groups page edits them (service/roles_service.h). domain/permissions.cc holds the
-- same names, descriptions and defaults (a storage test compares them).

CREATE TABLE permissions (
  name         TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
  description  TEXT NOT NULL
);

INSERT INTO permissions (name, description) VALUES
  ('sell', 'Sell at the POS / app; undo their own last sale within the undo window.'),
  ('top_up', 'Cash/PIN top-ups for a holder.'),
  ('refund', 'Pay money out of a wallet, up to the per-refund bound (the app offers refunds).'),
  ('refund_any_amount', 'Refunds above the per-refund bound.'),
  ('file_report', 'Opening / middle / closing counts.'),
  ('link_cards', 'Search holders, link and unlink cards.'),
  ('view_sales', 'The API''s lists of purchases, reports, bar cycles and upgrades (the app shows them).'),
  ('view_reports', 'The website''s overview, daily grid, cycles, purchases, holders, exports.'),
  ('void_purchase', 'Reverse any purchase.'),
  ('manage_products', 'Products, categories.'),
  ('manage_personnel', 'Personnel records.'),
  ('manage_stock', 'Stock items, mutations, flow-meter settings.'),
  ('manage_meals', 'Meals: create, close, charge.'),
  ('manage_users', 'Users, groups, permissions, credit floors, balance corrections.'),
  ('manage_clients', 'Client applications.'),
  ('view_audit_log', 'The audit log.');

-- A group's grants; deleting the group deletes them.
CREATE TABLE group_permissions (
  group_id    BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  permission  TEXT NOT NULL REFERENCES permissions(name),
  PRIMARY KEY (group_id, permission)
);

-- The built-in roles' grants (today only 'personnel').
CREATE TABLE builtin_role_permissions (
  role        TEXT NOT NULL CHECK (role IN ('personnel')),
  permission  TEXT NOT NULL REFERENCES permissions(name),
  PRIMARY KEY (role, permission)
);

INSERT INTO builtin_role_permissions (role, permission)
  SELECT 'personnel', name FROM permissions
  WHERE name IN ('sell', 'top_up', 'refund', 'file_report', 'link_cards', 'view_sales');

-- The default groups, unless an import (or `adduser --group`) made them already; an existing
-- group of that name gets the default grants too.
INSERT INTO groups (name) VALUES ('Tapper') ON CONFLICT (name) DO NOTHING;
INSERT INTO groups (name) VALUES ('Bestuur') ON CONFLICT (name) DO NOTHING;
INSERT INTO groups (name) VALUES ('Kascommissie') ON CONFLICT (name) DO NOTHING;
INSERT INTO groups (name) VALUES ('Bezoekers') ON CONFLICT (name) DO NOTHING;

-- Tapper (the old system's staff group) and Bezoekers (visitors' tabs) grant nothing.
INSERT INTO group_permissions (group_id, permission)
  SELECT g.id, p.name FROM groups g JOIN permissions p ON p.name IN (
    'top_up', 'refund', 'refund_any_amount', 'link_cards', 'view_sales', 'view_reports',
    'void_purchase', 'manage_products', 'manage_personnel', 'manage_stock', 'manage_meals',
    'view_audit_log')
  WHERE g.name = 'Bestuur';
INSERT INTO group_permissions (group_id, permission)
  SELECT g.id, p.name FROM groups g JOIN permissions p ON p.name IN (
    'view_sales', 'view_reports', 'view_audit_log')
  WHERE g.name = 'Kascommissie';
