-- The catalogue's version (issue 7, item 12): every instance serves GET /api/products/ and
-- /api/categories/ from a cached, serialised answer and rebuilds it when this number moved. The
-- triggers bump it for every writer (services, import, later the website, hand-made SQL), so no
-- change of products, categories or their links can be missed.
CREATE TABLE catalogue_version (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  BIGINT NOT NULL
);
INSERT INTO catalogue_version (id, version) VALUES (1, 1);

CREATE TRIGGER products_bump_catalogue_insert AFTER INSERT ON products
BEGIN UPDATE catalogue_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_bump_catalogue_update AFTER UPDATE ON products
BEGIN UPDATE catalogue_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_bump_catalogue_delete AFTER DELETE ON products
BEGIN UPDATE catalogue_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_bump_catalogue_insert AFTER INSERT ON categories
BEGIN UPDATE catalogue_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_bump_catalogue_update AFTER UPDATE ON categories
BEGIN UPDATE catalogue_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_bump_catalogue_delete AFTER DELETE ON categories
BEGIN UPDATE catalogue_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER category_products_bump_catalogue_insert AFTER INSERT ON category_products
BEGIN UPDATE catalogue_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER category_products_bump_catalogue_update AFTER UPDATE ON category_products
BEGIN UPDATE catalogue_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER category_products_bump_catalogue_delete AFTER DELETE ON category_products
BEGIN UPDATE catalogue_version SET version = version + 1 WHERE id = 1; END;
