# Your values (see "Code samples"): replace the placeholders,
# or export BASE_URL, ORG, APP and TOKEN before running this.
BASE_URL="${BASE_URL:-https://a41.chat.agora.io}"
ORG="${ORG:-your-org-name}"
APP="${APP:-your-app-name}"
TOKEN="${TOKEN:-your-app-token}"

# user1's preferred push language, in data.language
# ("" = the original language).
curl -X GET "$BASE_URL/$ORG/$APP/users/user1/notification/language" \
  -H "Authorization: Bearer $TOKEN"
