# Create the template test7 (1 to 64 letters and digits).
# A sender fills {0} per message from the message's
# ext.em_push_template title_args / content_args.
curl -X POST "$BASE_URL/$ORG/$APP/notification/template" \
  -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{
    "name": "test7",
    "title_pattern": "Hello,{0}",
    "content_pattern": "Test,{0}"
  }'
