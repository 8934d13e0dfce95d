-- The catalogue's version (issue 7, item 12): every instance serves GET /api/products/ and
-- /api/categories/ from a cached, serialised answer and rebuilds it when this number moved. The
-- statement-level triggers bump it for every writer (services, import, later the website,
-- hand-made SQL), so no change of products, categories or their links can be missed.
CREATE TABLE catalogue_version (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  BIGINT NOT NULL
);
INSERT INTO catalogue_version (id, version) VALUES (1, 1);

CREATE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalogue_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER products_bump_catalogue AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER categories_bump_catalogue AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER category_products_bump_catalogue
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON category_products
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
