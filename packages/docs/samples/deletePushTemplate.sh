# Your values (see "Code samples"): replace the placeholders,
# or export BASE_URL, ORG, APP and TOKEN before running this.
BASE_URL="${BASE_URL:-https://a41.chat.agora.io}"
ORG="${ORG:-your-org-name}"
APP="${APP:-your-app-name}"
TOKEN="${TOKEN:-your-app-token}"

# Delete the template test7. Its name ends the path (the
# source page's example leaves it out).
curl -X DELETE \
  "$BASE_URL/$ORG/$APP/notification/template/test7" \
  -H "Authorization: Bearer $TOKEN"
