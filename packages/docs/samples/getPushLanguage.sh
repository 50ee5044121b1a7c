# user1's preferred push language, in data.language
# ("" = the original language).
curl "$BASE_URL/$ORG/$APP/users/user1/notification/language" \
  -H "Authorization: Bearer $TOKEN"
