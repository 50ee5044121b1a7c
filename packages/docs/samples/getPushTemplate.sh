# The template test7. A template that does not exist is
# answered with 400 "entity_not_found", not 404.
curl "$BASE_URL/$ORG/$APP/notification/template/test7" \
  -H "Authorization: Bearer $TOKEN"
