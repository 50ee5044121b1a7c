# Push notifications to user1 in the language with
# code EU ("" = the original language, no translation).
curl -X PUT \
  "$BASE_URL/$ORG/$APP/users/user1/notification/language" \
  -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"translationLanguage": "EU"}'
