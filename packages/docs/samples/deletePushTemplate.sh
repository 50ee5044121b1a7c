# Delete the template test7. Its name ends the path (the
# source page's example leaves it out).
curl -X DELETE \
  "$BASE_URL/$ORG/$APP/notification/template/test7" \
  -H "Authorization: Bearer $TOKEN"
